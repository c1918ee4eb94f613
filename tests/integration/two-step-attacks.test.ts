jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, eq } from "drizzle-orm";
import { signInAction } from "@/app/signin/actions";
import { signOutEverywhereAction } from "@/app/account/actions";
import { passkeyRegistrationOptionsAction, removePasskeyAction, renewRecoveryCodesAction, startMethodSetUpAction, turnOffMethodAction } from "@/app/account/two-step/actions";
import { verifySecondStepAction } from "@/app/signin/two-step/actions";
import { customerOfSession } from "@/lib/auth/sessions";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { recordPasswordSuccess } from "@/lib/customers/customers";
import { passSecondStep, pendingSecondStep } from "@/lib/auth/two-step/second-step";
import { resetTwoStep } from "@/lib/auth/two-step/manage";
import { sendEmailCodeNow } from "@/lib/auth/two-step/email-code";
import { db } from "@/lib/db";
import { auditLog, customers, outbox } from "@/lib/db/schema";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";
import { mailedCode, withEmailCodes } from "../support/two-step";

/**
 * Issue 17, read as an attacker who already has the password: the second step's lock cannot be
 * lifted by typing the password again, a pending sign-in dies with the account's sessions, and
 * a right password alone is never recorded as a sign-in.
 */
withTestDatabase();
afterEach(() => {
  resetClock();
  request.cookies.clear();
});

type Person = Awaited<ReturnType<typeof makeCustomer>>;
const idle = { status: "idle" as const };


/** The password step through the sign-in form, in a fresh browser; the pending state's cookie stays in `request`. */
async function typePassword(person: Person) {
  request.cookies.clear();
  return answerOf(signInAction(idle, form({ username: person.username, password: person.password, callbackUrl: "/account" })));
}

async function events(person: Person) {
  const rows = await (await db()).select({ event: auditLog.event }).from(auditLog).where(eq(auditLog.customerId, person.id)).orderBy(auditLog.id);
  return rows.map((row) => row.event);
}


describe(`two-step verification against someone who has the password, on ${testDatabaseLabel()} (issue 17)`, () => {
  it("keeps a lock set by wrong codes when the right password lands at the same moment (S27)", async () => {
    const person = await withEmailCodes();
    // Wrong codes have just locked the account while a right password was being checked.
    const lockedUntil = new Date(Date.now() + 5 * 60_000);
    await (await db()).update(customers).set({ failedSecondSteps: 5, lockedUntil, failedSignIns: 1 }).where(eq(customers.id, person.id));
    await recordPasswordSuccess(person.id, null);
    const after = await reloadCustomer(person.id);
    expect(after.failedSignIns).toBe(0);
    expect(after.lockedUntil).toEqual(lockedUntil);
    // A lock wrong passwords set is still lifted by the right one, as before.
    await (await db()).update(customers).set({ failedSecondSteps: 2, lockedUntil, failedSignIns: 5 }).where(eq(customers.id, person.id));
    await recordPasswordSuccess(person.id, null);
    expect((await reloadCustomer(person.id)).lockedUntil).toBeNull();
  });

  it("cannot guess codes past the lock by typing the password again between guesses (S27)", async () => {
    const person = await withEmailCodes();
    expect(await typePassword(person)).toMatch(/^redirect \/signin\/two-step/);
    for (let i = 0; i < 4; i += 1) expect(await passSecondStep("email_code", "000000", freshMeta(), null)).toMatchObject({ ok: false });
    // The password again, in a new browser: wrong codes are not forgiven by it.
    expect(await typePassword(person)).toMatch(/^redirect \/signin\/two-step/);
    expect(await passSecondStep("email_code", "000000", freshMeta(), null)).toMatchObject({ ok: false });
    expect((await reloadCustomer(person.id)).lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await typePassword(person)).not.toMatch(/^redirect/);
    expect(await passSecondStep("email_code", await mailedCode(person), freshMeta(), null)).toMatchObject({ ok: false });
  });

  it("records a right password waiting for its second step as that, and the sign-in only when it passes", async () => {
    const person = await withEmailCodes();
    await typePassword(person);
    expect(await events(person)).toEqual(["customer_created", "second_step_started"]);
    expect((await reloadCustomer(person.id)).lastSignInAt).toBeNull();
    expect((await passSecondStep("email_code", await mailedCode(person), freshMeta(), null)).ok).toBe(true);
    expect(await events(person)).toEqual(["customer_created", "second_step_started", "second_step_passed"]);
  });

  it("ends a sign-in waiting for its second step when the customer signs out of all devices, or support resets two-step", async () => {
    const person = await withEmailCodes();
    await typePassword(person);
    const attacker = new Map(request.cookies);
    expect(await pendingSecondStep()).not.toBeNull();

    // The owner, signed in elsewhere, signs out everywhere.
    await actAs(person);
    expect(await answerOf(signOutEverywhereAction(form({})))).toMatch(/^redirect/);
    request.cookies.clear();
    for (const [name, value] of attacker) request.cookies.set(name, value);
    expect(await pendingSecondStep()).toBeNull();
    expect(await passSecondStep("email_code", await mailedCode(person), freshMeta(), null)).toEqual({ ok: false, reason: "expired" });

    await typePassword(person);
    expect(await pendingSecondStep()).not.toBeNull();
    await resetTwoStep(await reloadCustomer(person.id), { actorId: null });
    expect(await pendingSecondStep()).toBeNull();
  });

  it("asks a session older than 10 minutes to sign in again — password and second step — before two-step verification changes", async () => {
    const person = await withEmailCodes();
    const stale = await actAs(person);
    advanceClock(11 * MINUTE);
    const again = "redirect /signin?again=two-step&callbackUrl=%2Faccount%23two-step-heading";
    expect(await answerOf(turnOffMethodAction(form({ method: "email_code" })))).toBe(again);
    expect(await answerOf(renewRecoveryCodesAction(idle, form({})))).toBe(again);
    expect(await answerOf(startMethodSetUpAction(form({ method: "authenticator_app" })))).toBe(again);
    expect(await answerOf(passkeyRegistrationOptionsAction(idle, form({})))).toBe(again);
    expect(await answerOf(removePasskeyAction(form({ id: "any" })))).toBe(again);
    expect((await reloadCustomer(person.id)).mfaEmailCodeRequired).toBe(true);

    // Signing in again in the same browser: the password, then the code; the old session ends.
    expect(await answerOf(signInAction(idle, form({ username: person.username, password: person.password, callbackUrl: "/account" })))).toMatch(/^redirect \/signin\/two-step/);
    expect(await answerOf(verifySecondStepAction(idle, form({ method: "email_code", code: await mailedCode(person), callbackUrl: "/account" })))).toBe("redirect /account");
    expect(await customerOfSession(stale!)).toBeUndefined();
    expect(await answerOf(turnOffMethodAction(form({ method: "email_code" })))).toMatch(/^redirect \/account\?two-step=/);
    expect((await reloadCustomer(person.id)).mfaEmailCodeRequired).toBe(false);
  });

  it("mails an account at most 10 codes an hour, however often the password is typed, even all at once", async () => {
    const person = await withEmailCodes();
    const customer = await reloadCustomer(person.id);
    await Promise.all(Array.from({ length: 15 }, () => sendEmailCodeNow(customer, "sign_in", "en")));
    const mailed = await (await db()).select({ id: outbox.id }).from(outbox).where(and(eq(outbox.recipient, person.email), eq(outbox.template, "sign-in-code")));
    expect(mailed).toHaveLength(10);
  });
});
