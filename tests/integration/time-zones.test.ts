jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { eq } from "drizzle-orm";
import * as accountActions from "@/app/account/actions";
import { signInAction } from "@/app/signin/actions";
import { sendPasswordChangedNotice } from "@/lib/auth/security-notices";
import { db } from "@/lib/db";
import { auditLog, customers } from "@/lib/db/schema";
import { readerTimeZone } from "@/i18n/reader-times";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 26: the reader's time zone — chosen on Account, else the browser's, else PORTAL_TIME_ZONE. */
withTestDatabase();
const receiver = withSmtpReceiver();
const ZONE_COOKIE = "portal.time-zone";
const idle = { status: "idle" } as const;

beforeEach(() => {
  request.cookies.clear();
  request.setCookies.clear();
  request.locale = "en";
});

describe(`choosing a time zone on Account, on ${testDatabaseLabel()} (issue 26)`, () => {
  it("saves an IANA zone, audits the change, and goes back to the browser's zone when emptied", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    expect(await answerOf(accountActions.saveTimeZoneAction(idle, form({ timeZone: " America/Chicago " })))).toBe("redirect /account?time-zone=saved#time-zone-heading");
    expect((await reloadCustomer(customer.id)).timeZone).toBe("America/Chicago");
    const audited = await (await db()).select().from(auditLog).where(eq(auditLog.customerId, customer.id));
    expect(audited.filter((entry) => entry.event === "time_zone_changed").map((entry) => entry.details)).toEqual([{ timeZone: "America/Chicago" }]);
    expect(await readerTimeZone()).toBe("America/Chicago");

    expect(await answerOf(accountActions.saveTimeZoneAction(idle, form({ timeZone: "" })))).toBe("redirect /account?time-zone=saved#time-zone-heading");
    expect((await reloadCustomer(customer.id)).timeZone).toBeNull();
  });

  it("refuses what is not a zone with a message on its field, keeps what was typed, and changes nothing", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    await answerOf(accountActions.saveTimeZoneAction(idle, form({ timeZone: "Europe/Madrid" })));
    for (const typed of ["Mars/Olympus", "Central Time", "America/Chicago<script>"]) {
      const state = await accountActions.saveTimeZoneAction(idle, form({ timeZone: typed }));
      expect(state).toMatchObject({ status: "error", message: "Please correct the fields below.", values: { timeZone: typed } });
      expect(state.fieldErrors?.timeZone).toBe("This is not a time zone we know. Choose one from the list, for example America/Chicago.");
    }
    // Control characters and an overlong value get the shared field words, never a 500.
    const control = await accountActions.saveTimeZoneAction(idle, form({ timeZone: "UTC\u0000" }));
    expect(control.status).toBe("error");
    expect(control.fieldErrors?.timeZone).toBeTruthy();
    expect((await accountActions.saveTimeZoneAction(idle, form({ timeZone: "x".repeat(500) }))).fieldErrors?.timeZone).toBeTruthy();
    request.locale = "es";
    expect((await accountActions.saveTimeZoneAction(idle, form({ timeZone: "Marte/Olimpo" }))).fieldErrors?.timeZone).toBe(
      "No conocemos esta zona horaria. Elija una de la lista, por ejemplo Europe/Madrid.",
    );
    expect((await reloadCustomer(customer.id)).timeZone).toBe("Europe/Madrid");
  });

  it("refuses a signed-out visitor", async () => {
    await actAs(null);
    expect(await answerOf(accountActions.saveTimeZoneAction(idle, form({ timeZone: "UTC" })))).toMatch(/^redirect \/signin/);
  });
});

describe(`the browser's zone until one is chosen, on ${testDatabaseLabel()} (issue 26)`, () => {
  it("keeps the zone the sign-in form sent in a cookie and on the customer; a chosen zone wins over it", async () => {
    const customer = await makeCustomer();
    await actAs(null);
    const answer = await answerOf(signInAction(idle, form({ username: customer.username, password: customer.password, callbackUrl: "/account", timeZone: "Asia/Tokyo" })));
    expect(answer).toMatch(/^redirect \//);
    expect(request.setCookies.get(ZONE_COOKIE)).toBe("Asia/Tokyo");
    expect((await reloadCustomer(customer.id)).browserTimeZone).toBe("Asia/Tokyo");

    await actAs(customer);
    request.cookies.set(ZONE_COOKIE, "Asia/Tokyo");
    expect(await readerTimeZone()).toBe("Asia/Tokyo");
    // Another browser of the same customer: its own zone for its pages.
    request.cookies.set(ZONE_COOKIE, "Europe/Madrid");
    expect(await readerTimeZone()).toBe("Europe/Madrid");
    await (await db()).update(customers).set({ timeZone: "America/Chicago" }).where(eq(customers.id, customer.id));
    expect(await readerTimeZone()).toBe("America/Chicago");
  });

  it("ignores a zone that is not one, from the form or a forged cookie, and falls back to PORTAL_TIME_ZONE", async () => {
    const customer = await makeCustomer();
    await actAs(null);
    await answerOf(signInAction(idle, form({ username: customer.username, password: customer.password, callbackUrl: "/account", timeZone: "Nowhere/Land" })));
    expect(request.setCookies.has(ZONE_COOKIE)).toBe(false);
    expect((await reloadCustomer(customer.id)).browserTimeZone).toBeNull();
    await actAs(null);
    request.cookies.set(ZONE_COOKIE, "'; drop table customers; --");
    expect(await readerTimeZone()).toBe("UTC");
  });
});

describe(`mail in the recipient's zone, on ${testDatabaseLabel()} (issue 26)`, () => {
  async function noticeTo(customer: Awaited<ReturnType<typeof makeCustomer>>) {
    const fresh = await reloadCustomer(customer.id);
    await (await db()).transaction((tx) => sendPasswordChangedNotice(tx, fresh, "changed", freshMeta()));
    await backgroundWork().run();
    const mails = receiver.messages.filter((mail) => mail.envelopeTo.includes(customer.email));
    expect(mails).toHaveLength(1);
    return (mails[0].text ?? "").replace(/\s/g, " ");
  }

  it("writes the time of a security notice in the zone the recipient chose, else their browser's, else the portal's — labelled", async () => {
    const chose = await makeCustomer();
    await (await db()).update(customers).set({ timeZone: "America/Chicago", browserTimeZone: "Asia/Tokyo" }).where(eq(customers.id, chose.id));
    const browserOnly = await makeCustomer();
    await (await db()).update(customers).set({ browserTimeZone: "Asia/Tokyo" }).where(eq(customers.id, browserOnly.id));
    const unknown = await makeCustomer();
    const spanish = await makeCustomer();
    await (await db()).update(customers).set({ timeZone: "Europe/Madrid", locale: "es" }).where(eq(customers.id, spanish.id));

    // Note: the label is the zone's name at the moment sent (standard or daylight time).
    expect(await noticeTo(chose)).toMatch(/\d{1,2}:\d{2} [AP]M C[SD]T/);
    expect(await noticeTo(browserOnly)).toMatch(/\d{1,2}:\d{2} [AP]M GMT\+9/);
    expect(await noticeTo(unknown)).toMatch(/\d{1,2}:\d{2} [AP]M UTC/);
    expect(await noticeTo(spanish)).toMatch(/\d{1,2}:\d{2} (CET|CEST|GMT\+[12])/);
  });
});
