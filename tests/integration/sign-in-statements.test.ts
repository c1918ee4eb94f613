jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { signInAction } from "@/app/signin/actions";
import { browserCookieName } from "@/lib/auth/known-browsers";
import { twoStepState } from "@/lib/auth/two-step/second-step";
import { rememberBrowser, trustedBrowserCookieName } from "@/lib/auth/two-step/trusted-browser";
import { db } from "@/lib/db";
import { makeRecoveryCodes } from "@/lib/auth/two-step/recovery-codes";
import { sealSecret } from "@/lib/auth/two-step/secret-box";
import { now } from "@/lib/clock";
import { setEmailCodeRequired } from "@/lib/customers/customers";
import { auditLog, authenticatorApps, jobs, knownBrowsers, sessions } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { requestContexts } from "@/lib/log";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { answerOf, form } from "../support/server-actions";
import { addSoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 25: what a successful sign-in costs the database, counted by the driver's counter (each
 * statement Drizzle hands to the driver, lib/db/query-count.ts — the figure on the request's log
 * line). A sign-in with a password and no second step, from a browser the account knows:
 *
 *   1 the customer by username or address        5 the second-step decision: the customer's
 *   2 a point of the client's allowance (S28)       methods, recovery codes left, passkeys
 *   3 the account's attempt, refused if locked (S27) 6 one statement: the session, "last signed in",
 *   4 the right password: in one statement, the       sign_in_succeeded, the browser's row, whether
 *     attempts forgiven and the client's point        another browser was known and, for a browser
 *     given back                                      the account has not seen, the job that mails
 *                                                     the notice after the response
 *
 * so a sign-in from a new browser costs the same 6 (F3: its job is part of the statement that marks
 * the browser known, so neither is written without the other). A change that
 * adds a round trip to a sign-in fails here; a change that takes one away updates the numbers.
 * Simultaneous sign-ins, each counted in its own request, are counted against the production build
 * (tests/e2e/request-queries.test.ts): here every call shares one mocked cookie jar.
 */
withTestDatabase();
afterEach(async () => {
  request.cookies.clear();
  await clearLimits();
});

const idle = { status: "idle" as const };

/** Every way two-step verification knows, at once: an app, codes by email, recovery codes, a passkey. */
async function setUpEveryMethod(customerId: string) {
  const database = await db();
  await database.insert(authenticatorApps).values({ customerId, sealedSecret: sealSecret("JBSWY3DPEHPK3PXP", customerId), confirmedAt: now() });
  await setEmailCodeRequired(database, customerId, true);
  await makeRecoveryCodes(database, customerId);
  await addSoftwarePasskey(customerId);
}

async function newBrowserJobsFor(customerId: string): Promise<number> {
  const queued = await (await db()).select({ payload: jobs.payload }).from(jobs).where(eq(jobs.kind, "security-alert.new-browser"));
  return queued.filter((job) => job.payload.customerId === customerId).length;
}

/** Runs one request's work in a request context of its own, as server/preload.cjs does, and counts its statements. */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const context: { requestId: string; queries?: number } = { requestId: randomUUID() };
  const result = await requestContexts().run(context, work);
  return { result, statements: context.queries ?? 0 };
}

function signIn(username: string, password: string) {
  return counted(() => answerOf(signInAction(idle, form({ username, password, callbackUrl: "/account" }))));
}

/** A browser: only its own id cookie, kept across its sign-ins. */
function useBrowser(browserId: string | undefined) {
  request.cookies.clear();
  if (browserId) request.cookies.set(browserCookieName(), browserId);
}

describe(`the database statements of a successful sign-in, on ${testDatabaseLabel()} (issue 25)`, () => {
  it("takes 6 statements from a known browser and from a new one, and writes everything a sign-in writes", async () => {
    const person = await makeCustomer();
    useBrowser(undefined);
    const first = await signIn(person.username, person.password);
    expect(first.result).toBe("redirect /account");
    const firstBrowser = request.cookies.get(browserCookieName());

    useBrowser(firstBrowser);
    const known = await signIn(person.username, person.password);
    expect(known).toEqual({ result: "redirect /account", statements: 6 });

    useBrowser(undefined);
    const fresh = await signIn(person.username, person.password);
    expect(fresh).toEqual({ result: "redirect /account", statements: 6 });

    // The one statement wrote each of its parts.
    const database = await db();
    expect(await database.select().from(sessions).where(eq(sessions.customerId, person.id))).toHaveLength(3);
    expect(await database.select().from(auditLog).where(and(eq(auditLog.customerId, person.id), eq(auditLog.event, "sign_in_succeeded")))).toHaveLength(3);
    expect(await database.select().from(knownBrowsers).where(eq(knownBrowsers.customerId, person.id))).toHaveLength(2);
    expect((await reloadCustomer(person.id)).lastSignInAt).not.toBeNull();
    const queued = await database.select({ payload: jobs.payload }).from(jobs).where(eq(jobs.kind, "security-alert.new-browser"));
    expect(queued.filter((job) => job.payload.customerId === person.id)).toHaveLength(1);
  });

  it("asks the second-step decision in one statement for a customer with every method, and still sends them to the second step", async () => {
    const person = await makeCustomer();
    await setUpEveryMethod(person.id);
    useBrowser(undefined);
    const twoStep = await signIn(person.username, person.password);
    expect(twoStep.result).toMatch(/^redirect \/signin\/two-step/);
    const state = await twoStepState(await reloadCustomer(person.id));
    expect(state).toMatchObject({ setUp: ["authenticator_app", "email_code", "recovery_code"], recoveryCodesLeft: 10, passkeys: true, on: true });
    // 4 before the decision and 1 for it (the decision alone was 4 statements); then the pending
    // state (the account's row locked first, S49, its old one removed, the new one written) and
    // second_step_started. The app is shown first, so no code is mailed.
    expect(twoStep.statements).toBe(9);
  });

  it("takes 6 statements from a browser the customer remembered, which skips the second step, and asks for it from any other", async () => {
    const person = await makeCustomer();
    await setUpEveryMethod(person.id);
    useBrowser(undefined);
    await signIn(person.username, person.password);
    const browserId = request.cookies.get(browserCookieName());
    await rememberBrowser(await reloadCustomer(person.id), freshMeta());
    const remembered = request.cookies.get(trustedBrowserCookieName());
    expect(remembered).toBeDefined();

    useBrowser(browserId);
    request.cookies.set(trustedBrowserCookieName(), remembered!);
    expect(await signIn(person.username, person.password)).toEqual({ result: "redirect /account", statements: 6 });
    // Another customer's remembered browser, or a made-up cookie, skips nothing.
    request.cookies.set(trustedBrowserCookieName(), "t".repeat(43));
    expect((await signIn(person.username, person.password)).result).toMatch(/^redirect \/signin\/two-step/);
  });

  it("F3: queues a new browser's notice in the statement that marks the browser known, so a failure writes neither and the retry is mailed about (S45)", async () => {
    const person = await makeCustomer();
    useBrowser(undefined);
    await signIn(person.username, person.password);
    const browser = "f".repeat(43);
    const database = await db();
    // The database itself refuses the notice's job, as a dropped connection or a full disk would fail it.
    await database.execute(sql`create function refuse_new_browser_job() returns trigger language plpgsql as $$ begin raise exception 'no job today'; end $$`);
    await database.execute(sql`create trigger refuse_new_browser_job before insert on jobs for each row when (new.kind = 'security-alert.new-browser') execute function refuse_new_browser_job()`);
    try {
      useBrowser(browser);
      await expect(signIn(person.username, person.password)).rejects.toThrow();
    } finally {
      await database.execute(sql`drop trigger refuse_new_browser_job on jobs`);
      await database.execute(sql`drop function refuse_new_browser_job()`);
    }
    // Nothing of the failed sign-in was written: no session, no browser, no job.
    expect(await database.select().from(sessions).where(eq(sessions.customerId, person.id))).toHaveLength(1);
    expect(await database.select().from(knownBrowsers).where(eq(knownBrowsers.customerId, person.id))).toHaveLength(1);
    expect(await newBrowserJobsFor(person.id)).toBe(0);

    // The retry from the same browser is still a new browser, and its notice is queued.
    useBrowser(browser);
    expect((await signIn(person.username, person.password)).result).toBe("redirect /account");
    expect(await newBrowserJobsFor(person.id)).toBe(1);
  });

  it("writes no job when marking the browser known fails, and exactly one for the sign-ins of 10 at once from one new browser (F3, S45)", async () => {
    const person = await makeCustomer();
    useBrowser(undefined);
    await signIn(person.username, person.password);
    const database = await db();
    await database.execute(sql`create function refuse_browser() returns trigger language plpgsql as $$ begin raise exception 'no browser today'; end $$`);
    await database.execute(sql`create trigger refuse_browser before insert on known_browsers for each row execute function refuse_browser()`);
    try {
      useBrowser("g".repeat(43));
      await expect(signIn(person.username, person.password)).rejects.toThrow();
    } finally {
      await database.execute(sql`drop trigger refuse_browser on known_browsers`);
      await database.execute(sql`drop function refuse_browser()`);
    }
    expect(await newBrowserJobsFor(person.id)).toBe(0);

    useBrowser("h".repeat(43));
    await clearLimits();
    const all = await Promise.all(Array.from({ length: 10 }, () => signIn(person.username, person.password)));
    // The client's allowance (S28) refuses some of a burst; every one that signs in notes the browser.
    const signedIn = all.filter((each) => each.result === "redirect /account");
    expect(signedIn.length).toBeGreaterThanOrEqual(2);
    expect(await database.select().from(sessions).where(eq(sessions.customerId, person.id))).toHaveLength(1 + signedIn.length);
    expect(await newBrowserJobsFor(person.id)).toBe(1);
  });

  it("costs a wrong password on a real account the statements of an unknown one (S26)", async () => {
    const person = await makeCustomer();
    useBrowser(undefined);
    const wrong = await signIn(person.username, "not the password at all");
    const unknown = await signIn(`nobody-${randomUUID()}`, "not the password at all");
    expect(wrong.result).toBe("returned");
    expect(unknown.result).toBe("returned");
    expect(wrong.statements).toBe(unknown.statements);
  });
});
