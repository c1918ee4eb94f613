jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { signOutOtherDevicesAction } from "@/app/account/actions";
import { recoverAccount } from "@/lib/auth/recovery";
import { openSession, sealSession, sessionCookieName } from "@/lib/auth/session-cookie";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { customerOfSession, startSession } from "@/lib/auth/sessions";
import { challengeCookieName, currentChallenge, startChallenge } from "@/lib/auth/sign-in-challenge";
import { rememberBrowser, trustedBrowserCondition, trustedBrowserCookieName } from "@/lib/auth/two-step/trusted-browser";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * "Sign out of all other devices" (S23, S33): every other session ends — one signed in now, one
 * remembered for 30 days, one being made on another device while the press runs, a sign-in waiting
 * for its second step, a remembered browser — and only the device that pressed stays, with a cookie
 * carrying the new session version.
 */
withTestDatabase();
afterEach(() => request.cookies.clear());

async function live(claims: SessionClaims): Promise<boolean> {
  return (await customerOfSession(claims)) !== undefined;
}

/** The session the jar's cookie stands for (this device's, after the press re-issued it). */
async function thisDevicesClaims(): Promise<SessionClaims> {
  const claims = await openSession(request.cookies.get(sessionCookieName()));
  if (!claims) throw new Error("this device has no session cookie");
  return claims;
}

describe(`"Sign out of all other devices", on ${testDatabaseLabel()}`, () => {
  it("ends every other session, a sign-in being made at that moment, a pending second step and remembered browsers; this device stays", async () => {
    const customer = await makeCustomer();
    const before = await reloadCustomer(customer.id);

    // Another device waiting at its second step, and a third one remembered for the second step.
    request.cookies.clear();
    await startChallenge(customer, "second_factor", false);
    const pendingChallenge = request.cookies.get(challengeCookieName())!;
    request.cookies.clear();
    await rememberBrowser(await reloadCustomer(customer.id), freshMeta());
    const rememberedBrowser = request.cookies.get(trustedBrowserCookieName())!;

    const otherDevice = await startSession(customer, false, freshMeta());
    const rememberedDevice = await startSession(customer, true, freshMeta());
    const thisDevice = await actAs(customer);
    const copiedCookieOfThisDevice = request.cookies.get(sessionCookieName())!;

    // In flight on other devices while the press runs: requests with their cookies, and a sign-in
    // that read the account before the press and writes its session whenever it gets there.
    const inFlight = [
      ...Array.from({ length: 8 }, () => customerOfSession(otherDevice)),
      ...Array.from({ length: 4 }, () => customerOfSession(rememberedDevice)),
      startSession(before, false, freshMeta()),
    ];
    const [pressed, ...settled] = await Promise.allSettled([answerOf(signOutOtherDevicesAction(form({}))), ...inFlight]);
    expect(pressed).toEqual({ status: "fulfilled", value: "redirect /account?device=others-signed-out#devices-heading" });
    expect(settled.every((outcome) => outcome.status === "fulfilled")).toBe(true);
    const signInMadeMeanwhile = (settled.at(-1) as PromiseFulfilledResult<SessionClaims>).value;

    expect(await live(otherDevice)).toBe(false);
    expect(await live(rememberedDevice)).toBe(false);
    expect(await live(signInMadeMeanwhile)).toBe(false);
    const reissued = await thisDevicesClaims();
    expect(reissued.sid).toBe(thisDevice!.sid);
    expect(await live(reissued)).toBe(true);
    // A copy of this device's old cookie carries the old version.
    expect(await live((await openSession(copiedCookieOfThisDevice))!)).toBe(false);

    request.cookies.clear();
    request.cookies.set(challengeCookieName(), pendingChallenge);
    expect(await currentChallenge("second_factor")).toBeNull();
    request.cookies.clear();
    request.cookies.set(trustedBrowserCookieName(), rememberedBrowser);
    // The second-step decision asks this condition (issue 25): the browser must no longer count.
    const trusted = await trustedBrowserCondition(customer.id);
    expect(trusted).not.toBe(false);
    const [{ still }] = await (await db()).select({ still: trusted as Exclude<typeof trusted, false> }).from(customers).where(eq(customers.id, customer.id));
    expect(still).toBe(false);

    // A sign-in after the press is a new session like any other.
    expect(await live(await startSession(await reloadCustomer(customer.id), false, freshMeta()))).toBe(true);
  });

  it("pressed several times at once from one device, the version moves on once and every answer's cookie counts", async () => {
    const customer = await makeCustomer();
    const otherDevice = await startSession(customer, false, freshMeta());
    const thisDevice = await startSession(customer, false, freshMeta());
    const versions = await Promise.all(
      Array.from({ length: 6 }, () =>
        db().then((database) => database.transaction((tx) => recoverAccount(tx, customer.id, "sign_out_other_devices", { keepSessionId: thisDevice.sid, keepSessionVersion: thisDevice.sv }))),
      ),
    );
    expect(new Set(versions.map((outcome) => outcome.sessionVersion))).toEqual(new Set([thisDevice.sv + 1]));
    expect((await reloadCustomer(customer.id)).sessionVersion).toBe(thisDevice.sv + 1);
    expect(await live({ ...thisDevice, sv: thisDevice.sv + 1 })).toBe(true);
    expect(await live({ ...otherDevice, sv: thisDevice.sv + 1 })).toBe(false);
  });

  it("refuses a visitor whose session has ended, changing nothing", async () => {
    const customer = await makeCustomer();
    const otherDevice = await startSession(customer, false, freshMeta());
    request.cookies.set(sessionCookieName(), await sealSession({ ...otherDevice, sid: "made-up-session-id" }));
    expect(await answerOf(signOutOtherDevicesAction(form({})))).toMatch(/^redirect \/signin/);
    expect(await live(otherDevice)).toBe(true);
  });
});
