jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { eq } from "drizzle-orm";
import * as accountActions from "@/app/account/actions";
import AccountPage from "@/app/account/page";
import { recentActivity } from "@/lib/account/activity";
import { browserCookieName, noteBrowserAtSignIn } from "@/lib/auth/known-browsers";
import { saveProfile } from "@/lib/account/profile";
import { disconnectProvider, linkExternalIdentity } from "@/lib/auth/external-sign-in";
import { endSessionOf, liveSessionsOf, startSession } from "@/lib/auth/sessions";
import { recordSignIn, signInWithPassword } from "@/lib/auth/sign-in";
import { advanceClock, DAY, MINUTE, resetClock } from "@/lib/clock";
import { setNewBrowserAlerts } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { auditLog, customers, sessions } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { request, revalidated } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 16: the profile, "Where you're signed in", security alerts and recent activity. */
withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

type Person = Awaited<ReturnType<typeof makeCustomer>>;

/** Mail to the customer since `before`, once the background work has run. */
async function mailsTo(customer: Person, before: number) {
  await backgroundWork().run();
  return receiver.messages.slice(before).filter((m) => m.envelopeTo.includes(customer.email));
}

describe(`the profile, on ${testDatabaseLabel()} (issue 16)`, () => {
  it("stores phone numbers in E.164, reading national ones in PHONE_DEFAULT_COUNTRY, and refuses what is not a number", async () => {
    const customer = await makeCustomer();
    const saved = await saveProfile(customer, { name: "  Jane   Q. Customer ", phone: "(608) 555-0143" }, freshMeta());
    expect(saved.ok && saved.customer).toMatchObject({ name: "Jane Q. Customer", phone: "+16085550143" });
    const international = await saveProfile(customer, { name: "Jane", phone: "+44 20 7946 0958" }, freshMeta());
    expect(international.ok && international.customer.phone).toBe("+442079460958");
    expect(await saveProfile(customer, { name: "Jane", phone: "12" }, freshMeta())).toEqual({ ok: false, problems: { phone: "invalid" } });
    expect(await saveProfile(customer, { name: "Jane", phone: "call me maybe" }, freshMeta())).toEqual({ ok: false, problems: { phone: "invalid" } });
    expect(await saveProfile(customer, { name: "x".repeat(101), phone: "" }, freshMeta())).toEqual({ ok: false, problems: { name: "tooLong" } });
    expect((await reloadCustomer(customer.id)).phone).toBe("+442079460958");
    const cleared = await saveProfile(customer, { name: "", phone: "" }, freshMeta());
    expect(cleared.ok && cleared.customer).toMatchObject({ name: null, phone: null });
  });
});

describe(`"Where you're signed in", on ${testDatabaseLabel()} (issue 16)`, () => {
  it("lists live sessions only — not ended, expired or idle past their limit — and signs out one of the customer's own", async () => {
    const customer = await makeCustomer();
    const other = await makeCustomer();
    const kept = await startSession(customer, true, freshMeta());
    const idle = await startSession(customer, false, freshMeta());
    const ended = await startSession(customer, false, freshMeta());
    const stranger = await startSession(other, false, freshMeta());
    await endSessionOf(customer.id, ended.sid);
    // The browser session's row last seen 31 minutes ago: past its 30-minute idle limit.
    await (await db()).update(sessions).set({ lastSeenAt: new Date(Date.now() - 32 * MINUTE) }).where(eq(sessions.id, idle.sid));
    expect((await liveSessionsOf(customer.id)).map((live) => live.id)).toEqual([kept.sid]);
    // Nobody signs out someone else's session.
    expect(await endSessionOf(customer.id, stranger.sid)).toBe(false);
    expect((await liveSessionsOf(other.id)).map((live) => live.id)).toEqual([stranger.sid]);
    advanceClock(31 * DAY);
    expect(await liveSessionsOf(customer.id)).toEqual([]);
  });
});

describe(`security alerts, on ${testDatabaseLabel()} (issue 16)`, () => {
  beforeEach(() => {
    request.cookies.clear();
    request.setCookies.clear();
  });

  /** A sign-in from a browser: its cookie (if it has one) goes with the request; the one set comes back. */
  async function signInFrom(customer: Person, browser: string | null) {
    request.cookies.clear();
    request.setCookies.clear();
    if (browser) request.cookies.set(browserCookieName(), browser);
    const outcome = await noteBrowserAtSignIn(await reloadCustomer(customer.id), freshMeta("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15"));
    return { ...outcome, browser: request.setCookies.get(browserCookieName()) ?? browser };
  }

  it("learns the first browser silently, mails about a new one once, never about a known one, and not when turned off", async () => {
    const customer = await makeCustomer();
    const before = receiver.messages.length;
    const first = await signInFrom(customer, null);
    expect(first).toMatchObject({ alerted: false });
    expect(first.browser).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await signInFrom(customer, first.browser)).alerted).toBe(false);
    const second = await signInFrom(customer, null);
    expect(second.alerted).toBe(true);
    expect((await signInFrom(customer, second.browser)).alerted).toBe(false);
    const mails = await mailsTo(customer, before);
    expect(mails.map((mail) => mail.subject)).toEqual(["New sign-in to your Customer Portal account"]);
    expect(mails[0].text).toContain("Safari on macOS");

    await setNewBrowserAlerts(customer.id, false);
    expect((await signInFrom(customer, null)).alerted).toBe(false);
  });

  it("mails once for 20 simultaneous sign-ins from one new browser, and at most 5 an hour (S45)", async () => {
    const customer = await makeCustomer();
    const before = receiver.messages.length;
    await signInFrom(customer, null);
    const browser = "b".repeat(43);
    request.cookies.set(browserCookieName(), browser);
    const fresh = await reloadCustomer(customer.id);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => noteBrowserAtSignIn(fresh, freshMeta())));
    expect(outcomes.filter((outcome) => outcome.alerted)).toHaveLength(1);
    expect(await mailsTo(customer, before)).toHaveLength(1);
    // Issue 25: each new browser queues its notice; the job applies the limit, so 6 more make 4 mails.
    const more = [];
    for (let i = 0; i < 6; i += 1) more.push((await signInFrom(customer, null)).alerted);
    expect(more).toEqual([true, true, true, true, true, true]);
    expect(await mailsTo(customer, before)).toHaveLength(5);
  });

  it("sends at most 5 of 8 queued new-browser notices when two background passes run them at once (S45, issue 25)", async () => {
    const customer = await makeCustomer();
    const before = receiver.messages.length;
    await signInFrom(customer, null);
    const queued = [];
    for (let i = 0; i < 8; i += 1) queued.push((await signInFrom(customer, null)).alerted);
    expect(queued).toEqual(Array.from({ length: 8 }, () => true));
    // Two passes at once, as two server processes would run them: the limit is one atomic count.
    await Promise.all([backgroundWork().run(), backgroundWork().run()]);
    const mails = await mailsTo(customer, before);
    expect(mails.map((mail) => mail.subject)).toEqual(Array.from({ length: 5 }, () => "New sign-in to your Customer Portal account"));
  });

  it("still mails about a new browser that switches the alert off before the background work runs, and not one signed in with it off (S45, S47)", async () => {
    const customer = await makeCustomer();
    const before = receiver.messages.length;
    await signInFrom(customer, null);
    expect((await signInFrom(customer, null)).alerted).toBe(true);
    // The thief's next request, from the new browser's session, turns "Security alerts" off.
    await actAs(await reloadCustomer(customer.id));
    expect(await answerOf(accountActions.saveAlertsAction(form({})))).toBe("redirect /account?alerts=saved#alerts-heading");
    expect((await reloadCustomer(customer.id)).newBrowserAlerts).toBe(false);
    expect((await mailsTo(customer, before)).map((mail) => mail.subject)).toEqual(["New sign-in to your Customer Portal account"]);

    // Off at the sign-in: nothing queued, nothing sent.
    expect((await signInFrom(customer, null)).alerted).toBe(false);
    expect(await mailsTo(customer, before)).toHaveLength(1);
  });

  it("mails the owner when the account locks — once an hour however often — and when password sign-in is blocked", async () => {
    const customer = await makeCustomer();
    const before = receiver.messages.length;
    for (let i = 0; i < 5; i += 1) await signInWithPassword(customer.username, "not the password at all", freshMeta());
    const locked = await mailsTo(customer, before);
    expect(locked.map((mail) => mail.subject)).toEqual(["Your Customer Portal account was locked"]);
    expect(locked[0].text).toContain("5 minutes");

    // The next lock, 5 minutes on: within the hour, so no second mail.
    advanceClock(6 * MINUTE);
    for (let i = 0; i < 5; i += 1) await signInWithPassword(customer.username, "not the password at all", freshMeta());
    expect(await mailsTo(customer, before)).toHaveLength(1);

    // The 100th failure blocks password sign-in: its own mail, whatever the hour's lock alerts.
    await (await db()).update(customers).set({ failedSignIns: 99, lockedUntil: null }).where(eq(customers.id, customer.id));
    await signInWithPassword(customer.username, "not the password at all", freshMeta());
    // Note: the outbox sends in parallel, so the two mails may arrive in either order.
    expect((await mailsTo(customer, before)).map((mail) => mail.subject).sort()).toEqual(["Password sign-in to your Customer Portal account is blocked", "Your Customer Portal account was locked"]);
  });

  it("mails when an external account is connected or disconnected, but not for the account a first external sign-in creates", async () => {
    const customer = await makeCustomer();
    await (await db()).update(customers).set({ createdAt: new Date(Date.now() - DAY) }).where(eq(customers.id, customer.id));
    const before = receiver.messages.length;
    await linkExternalIdentity({ userId: customer.id, type: "oidc", provider: "corp", providerAccountId: "alert-sub" }, undefined, freshMeta());
    expect(await disconnectProvider(customer.id, { id: "corp", name: "Contoso staff" }, freshMeta())).toEqual({ ok: true });
    // Note: the two notices may arrive in either order; the test is that both arrive, once each.
    const subjects = (await mailsTo(customer, before)).map((mail) => mail.subject).sort();
    expect(subjects).toEqual(["An external account was connected to your Customer Portal account", "An external account was disconnected from your Customer Portal account"]);

    const brandNew = await makeCustomer({ password: null });
    const beforeNew = receiver.messages.length;
    await linkExternalIdentity({ userId: brandNew.id, type: "oidc", provider: "corp", providerAccountId: "brand-new-sub" }, undefined, freshMeta());
    expect(await mailsTo(brandNew, beforeNew)).toEqual([]);
  });
});

describe(`recent security activity, on ${testDatabaseLabel()} (issue 16)`, () => {
  it("lists the customer's own security events of the last 30 days, and never the support team's case work", async () => {
    const customer = await makeCustomer();
    const other = await makeCustomer();
    await recordSignIn(customer.id, freshMeta());
    await signInWithPassword(customer.username, "wrong password entirely", freshMeta());
    await recordSignIn(other.id, freshMeta());
    await (await db()).insert(auditLog).values([
      { at: new Date(), event: "case_note_added", customerId: customer.id, details: { caseId: 1 } },
      { at: new Date(Date.now() - 31 * DAY), event: "password_changed", customerId: customer.id },
    ]);
    const activity = await recentActivity(customer.id);
    expect(activity.map((entry) => entry.event)).toEqual(["sign_in_failed", "sign_in_succeeded"]);
  });
});

describe(`the /account page on its own, on ${testDatabaseLabel()} (S34, issue 24)`, () => {
  // The proxy's redirect is only a convenience; the browser test in tests/e2e/http-security.test.ts
  // checks the proxy alone. This one checks the page's own check, with no proxy in front of it.
  it("sends a signed-out visitor, and a session ended elsewhere, to Sign in from the page itself", async () => {
    const visit = () => answerOf(AccountPage({ searchParams: Promise.resolve({}) }));
    await actAs(null);
    expect(await visit()).toBe("redirect /signin?callbackUrl=%2Faccount");
    const customer = await makeCustomer();
    const claims = await actAs(customer);
    expect(await visit()).toBe("returned");
    expect(await endSessionOf(customer.id, claims!.sid)).toBe(true);
    expect(await visit()).toBe("redirect /signin?callbackUrl=%2Faccount");
  });
});

describe(`the /account actions, on ${testDatabaseLabel()} (issue 16, S34)`, () => {
  it("sign out only the customer's own other devices, and refuse a signed-out visitor", async () => {
    const customer = await makeCustomer();
    const other = await makeCustomer();
    const strangersSession = await startSession(other, false, freshMeta());
    const secondDevice = await startSession(customer, false, freshMeta());
    await actAs(customer);
    expect(await answerOf(accountActions.signOutDeviceAction(form({ session: strangersSession.sid })))).toBe("redirect /account?device=not-found#devices-heading");
    expect((await liveSessionsOf(other.id)).map((live) => live.id)).toContain(strangersSession.sid);
    expect(await answerOf(accountActions.signOutDeviceAction(form({ session: secondDevice.sid })))).toBe("redirect /account?device=signed-out#devices-heading");
    expect((await liveSessionsOf(customer.id)).map((live) => live.id)).not.toContain(secondDevice.sid);

    await startSession(customer, false, freshMeta());
    expect(await answerOf(accountActions.signOutOtherDevicesAction(form({})))).toBe("redirect /account?device=others-signed-out#devices-heading");
    expect(await liveSessionsOf(customer.id)).toHaveLength(1);

    await actAs(null);
    expect(await answerOf(accountActions.signOutOtherDevicesAction(form({})))).toMatch(/^redirect \/signin/);
    expect(await answerOf(accountActions.saveProfileAction({ status: "idle" }, form({ name: "Mallory", phone: "" })))).toMatch(/^redirect \/signin/);
    expect((await liveSessionsOf(customer.id)).length + (await liveSessionsOf(other.id)).length).toBe(2);
  });

  it("word a phone number that is not one beside its field, and keep what was typed", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    const state = await accountActions.saveProfileAction({ status: "idle" }, form({ name: "Jane", phone: "12" }));
    expect(state).toMatchObject({ status: "error", values: { name: "Jane", phone: "12" } });
    expect(state.fieldErrors?.phone).toContain("United States");
    expect(await answerOf(accountActions.saveProfileAction({ status: "idle" }, form({ name: "Jane", phone: "+34 612 34 56 78" })))).toBe("redirect /account?details=saved");
    expect((await reloadCustomer(customer.id)).phone).toBe("+34612345678");
    // The header shows the name too, so the layout is rendered again.
    expect(revalidated).toContain("/");
  });
});
