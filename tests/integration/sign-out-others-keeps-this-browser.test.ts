jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { eq } from "drizzle-orm";
import { signOutOtherDevicesAction } from "@/app/account/actions";
import { recoverAccount } from "@/lib/auth/recovery";
import { rememberBrowser, trustedBrowserCondition, trustedBrowserCookieName } from "@/lib/auth/two-step/trusted-browser";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * "Sign out of all other devices" keeps this browser's "Remember this browser" mark (its session
 * goes on too) and forgets every other browser's (S23, S33) — however many presses arrive at once.
 */
withTestDatabase();
afterEach(() => request.cookies.clear());

/** Whether a browser with this remembered-browser cookie still skips the customer's second step (the condition the decision asks). */
async function stillRemembered(customerId: string, cookie: string): Promise<boolean> {
  const jar = new Map(request.cookies);
  try {
    request.cookies.clear();
    request.cookies.set(trustedBrowserCookieName(), cookie);
    const trusted = await trustedBrowserCondition(customerId);
    if (trusted === false) return false;
    const [{ still }] = await (await db()).select({ still: trusted }).from(customers).where(eq(customers.id, customerId));
    return still;
  } finally {
    request.cookies.clear();
    for (const [name, value] of jar) request.cookies.set(name, value);
  }
}

describe(`"Sign out of all other devices" and remembered browsers, on ${testDatabaseLabel()}`, () => {
  it("keeps this browser's mark and forgets the others', also with the press arriving several times at once", async () => {
    const customer = await makeCustomer();

    // Two other browsers remembered, each with its own cookie jar.
    const others: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      request.cookies.clear();
      await rememberBrowser(await reloadCustomer(customer.id), freshMeta());
      others.push(request.cookies.get(trustedBrowserCookieName())!);
    }
    // This device: signed in, and remembered too.
    const thisDevice = (await actAs(customer))!;
    await rememberBrowser(await reloadCustomer(customer.id), freshMeta());
    const thisBrowser = request.cookies.get(trustedBrowserCookieName())!;
    expect(await stillRemembered(customer.id, thisBrowser)).toBe(true);

    // The button once, and the same press arriving several times at once (as the action makes it).
    expect(await answerOf(signOutOtherDevicesAction(form({})))).toBe("redirect /account?device=others-signed-out#devices-heading");
    await Promise.all(
      Array.from({ length: 4 }, () =>
        db().then((database) => database.transaction((tx) => recoverAccount(tx, customer.id, "sign_out_other_devices", { keepSessionId: thisDevice.sid, keepSessionVersion: thisDevice.sv + 1 }))),
      ),
    );

    expect(await stillRemembered(customer.id, thisBrowser)).toBe(true);
    for (const other of others) expect(await stillRemembered(customer.id, other)).toBe(false);
  });

  it("forgets every mark when this browser has none, or one of another account's", async () => {
    const customer = await makeCustomer();
    const someoneElse = await makeCustomer();
    request.cookies.clear();
    await rememberBrowser(await reloadCustomer(customer.id), freshMeta());
    const other = request.cookies.get(trustedBrowserCookieName())!;

    // This device carries a mark given to another account: it keeps nothing of this one.
    await actAs(customer);
    await rememberBrowser(await reloadCustomer(someoneElse.id), freshMeta());
    const elsewhere = request.cookies.get(trustedBrowserCookieName())!;
    expect(await answerOf(signOutOtherDevicesAction(form({})))).toBe("redirect /account?device=others-signed-out#devices-heading");
    expect(await stillRemembered(customer.id, other)).toBe(false);
    // The other account's mark is that account's business.
    expect(await stillRemembered(someoneElse.id, elsewhere)).toBe(true);
  });
});
