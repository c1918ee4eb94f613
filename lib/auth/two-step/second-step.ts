import { eq, is, sql, SQL } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { claimSecondStepAttempt, forgiveSecondStepAttempt, recordSecondStepSuccess } from "@/lib/customers/customers";
import { findCustomerById } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { customers, verifiedSessions, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { reservePoint } from "@/lib/http/rate-limit";
import { currentChallenge, externalWayInOf, finishChallenge, startChallenge, type ExternalWayIn } from "@/lib/auth/sign-in-challenge";
import type { MethodContext, SecondStepMethod } from "@/lib/auth/two-step/method";
import { secondStepMethods } from "@/lib/auth/two-step/methods";
import { hasPasskeysCondition } from "@/lib/auth/two-step/passkeys";
import { recoveryCodesLeftCount } from "@/lib/auth/two-step/recovery-codes";
import { trustedBrowserCondition } from "@/lib/auth/two-step/trusted-browser";

/**
 * Which second step a customer takes, and taking it (issue 17). The password step alone never
 * produces a session: when a second step is needed the customer holds only the 5-minute pending
 * state of lib/auth/sign-in-challenge.ts, bound to that browser, until a code passes.
 *
 * - Two-step verification is on when the customer has a method that turns it on (the table of
 *   methods, lib/auth/two-step/methods.ts; the import turns email codes on for customers whose
 *   Power Pages record had two-factor on).
 * - It is required — set up at the next sign-in, never turned off — under MFA=required and, always,
 *   for staff. A customer who must and has nothing yet gets an email code, which turns email codes
 *   on when it passes: the mailbox is proved before anything is set up, so a stolen password alone
 *   cannot even set up a factor of its own.
 * - A remembered browser skips the step for 30 days; staff always take it.
 * - A passkey sign-in counts as both steps.
 */
export type TwoStepState = {
  /** The ids of the methods the customer has. */
  setUp: string[];
  recoveryCodesLeft: number;
  passkeys: boolean;
  /** A second step is asked at every sign-in. */
  on: boolean;
  /** The customer may not go without one (MFA=required, or a staff role). */
  required: boolean;
  /** This browser is one the customer remembered ("Remember this browser"); asked only at a sign-in. */
  trustedBrowser: boolean;
};

export function isTwoStepRequired(customer: Pick<Customer, "role">): boolean {
  return config().twoStep.policy === "required" || customer.role !== "customer";
}

/** The method with this id (as a form, a URL or the audit log names it), if there is one. */
export function secondStepMethod(id: unknown): SecondStepMethod | undefined {
  return secondStepMethods.find((method) => method.id === id);
}

/**
 * Issue 25: one query asks every method that answers with a condition on its own table, with the
 * recovery codes left, whether there is a passkey and, at a sign-in, whether this browser is
 * remembered (it was five, one of them asked twice, on a sign-in); a method that answers otherwise
 * (the customer's row, a check of its own) is asked apart.
 */
export async function twoStepState(customer: Customer, options: { atSignIn?: boolean } = {}): Promise<TwoStepState> {
  const answers = secondStepMethods.map((method) => method.isSetUp(customer));
  const trusted = options.atSignIn ? await trustedBrowserCondition(customer.id) : false;
  const conditions: Record<string, SQL<boolean>> = {};
  answers.forEach((answer, index) => {
    if (is(answer, SQL)) conditions[`method${index}`] = sql<boolean>`${answer}`.mapWith(Boolean);
  });
  const [[row], others] = await Promise.all([
    (await db())
      .select({
        ...conditions,
        recoveryCodesLeft: recoveryCodesLeftCount(customer.id).mapWith(Number),
        passkeys: hasPasskeysCondition(customer.id).mapWith(Boolean),
        trustedBrowser: (trusted ? trusted : sql<boolean>`false`).mapWith(Boolean),
      })
      .from(customers)
      .where(eq(customers.id, customer.id)),
    Promise.all(answers.map((answer) => (is(answer, SQL) ? false : answer))),
  ]);
  const have = secondStepMethods.filter((_method, index) => (is(answers[index], SQL) ? (row as Record<string, unknown> | undefined)?.[`method${index}`] === true : others[index]));
  return {
    setUp: have.map((method) => method.id),
    recoveryCodesLeft: row?.recoveryCodesLeft ?? 0,
    passkeys: row?.passkeys ?? false,
    on: have.some((method) => method.turnsTwoStepOn),
    required: isTwoStepRequired(customer),
    trustedBrowser: row?.trustedBrowser ?? false,
  };
}

/** What a method's rules need to know of the customer's state. */
export function methodContext(state: TwoStepState, method: SecondStepMethod): MethodContext {
  return { setUp: state.setUp.includes(method.id), twoStepOn: state.on };
}

/** The ways the second-step screen offers, the first being the one shown first. */
export function methodsFor(state: TwoStepState): SecondStepMethod[] {
  return secondStepMethods.filter((method) => method.offered(methodContext(state, method)));
}

/**
 * After a right password (or an external sign-in): whether a second step is needed, and if so,
 * starts it — the pending state for this browser and, when an email code comes first, the mail
 * (unless a code sent in the last 10 minutes can still be used). True: send the browser to
 * /signin/two-step; false: a session may start now.
 */
export async function startSecondStepIfNeeded(
  customer: Customer,
  remember: boolean,
  locale: string | null,
  options: { stepUp?: boolean; external?: ExternalWayIn } = {},
): Promise<boolean> {
  const state = await twoStepState(customer, { atSignIn: true });
  if (!state.on && !state.required) return false;
  // stepUp: signing in again from a signed-in browser, to make a change that needs every step (S48).
  if (state.on && customer.role === "customer" && !options.stepUp && state.trustedBrowser) return false;
  const challenge = await startChallenge(customer, "second_factor", remember, options.external);
  // None when the account was taken back since its password was checked: still no session, and the
  // second-step page says the sign-in expired.
  if (!challenge) return true;
  // The method shown first sends its code now, unless one sent in the last minutes can still be used.
  const sends = methodsFor(state)[0]?.sendsCode;
  if (sends && !(await sends.isWaiting(customer.id))) await sends.send(challenge, customer, locale);
  return true;
}

/** The pending second step of this browser: its customer, what they may use, and the state. */
export async function pendingSecondStep() {
  const pending = await currentChallenge("second_factor");
  if (!pending) return null;
  const state = await twoStepState(pending.customer);
  return { ...pending, state, methods: methodsFor(state) };
}

/**
 * "Send a new code" for the method the screen shows (the first that sends codes when none is
 * named), from the pending state only, once a minute. Null: nothing pending, or no such method.
 */
export async function resendSignInCode(locale: string | null, methodId?: string): Promise<{ method: string; sent: { ok: true } | { ok: false; waitSeconds: number } } | null> {
  const pending = await pendingSecondStep();
  const method = pending?.methods.find((offered) => offered.sendsCode && (methodId === undefined || offered.id === methodId));
  if (!pending || !method?.sendsCode) return null;
  return { method: method.id, sent: await method.sendsCode.send(pending.challenge, pending.customer, locale) };
}

export type SecondStepOutcome =
  | { ok: true; customer: Customer; remember: boolean; method: string; external: ExternalWayIn | null }
  | { ok: false; reason: "expired" | "wrong" | "code_spent" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

function secondsUntil(time: Date | null | undefined): number {
  return Math.max(1, Math.ceil(((time?.getTime() ?? now().getTime()) - now().getTime()) / 1000));
}

/**
 * The second step. S27, S28, S45, as for passwords: a point of the client's allowance for failed
 * sign-ins and an attempt on the account are taken before the code is checked, each in one
 * statement, and given back or forgiven only when it passes; the code itself is used up in one
 * conditional statement, so of simultaneous submissions of one code exactly one passes.
 */
export async function passSecondStep(methodId: string, code: string, meta: RequestMeta, locale: string | null): Promise<SecondStepOutcome> {
  const pending = await pendingSecondStep();
  const method = pending?.methods.find((offered) => offered.id === methodId);
  if (!pending || !method) return { ok: false, reason: "expired" };
  const { customer, challenge, state } = pending;
  const details = { method: method.id };

  const client = await reservePoint("signInFailuresPerIp", meta.ip);
  if (client.limited) {
    await recordAudit({ event: "second_step_throttled", customerId: customer.id, meta, details: { ...details, by: "client" } });
    return { ok: false, reason: "throttled", retryAfterSeconds: client.retryAfterSeconds };
  }
  const claimed = await claimSecondStepAttempt(customer.id);
  if (!claimed) {
    await recordAudit({ event: "second_step_throttled", customerId: customer.id, meta, details: { ...details, by: "account" } });
    return { ok: false, reason: "throttled", retryAfterSeconds: secondsUntil((await findCustomerById(customer.id))?.lockedUntil) };
  }

  const result = await method.check(customer.id, code);
  // Issue 22, item 9: the right code sent twice at once (a double-click) is one success and no
  // failure — the copies that lost the race give back what they took, so they cannot lock the
  // owner out. A used code still never passes, so this lets nobody guess more.
  if (result !== "ok" && (await method.isUsedCode(customer.id, code))) {
    await forgiveSecondStepAttempt(customer.id);
    await client.giveBack();
    return { ok: false, reason: "code_spent" };
  }
  if (result !== "ok") {
    await recordAudit({ event: "second_step_failed", customerId: customer.id, meta, details: { ...details, failures: claimed.failedSecondSteps } });
    if (claimed.lockedUntil && claimed.lockedUntil > now() && claimed.failedSecondSteps % 5 === 0) {
      await recordAudit({ event: "lockout_started", customerId: customer.id, meta, details: { failures: claimed.failedSecondSteps, step: "second" } });
    }
    return { ok: false, reason: result === "spent" ? "code_spent" : "wrong" };
  }
  await recordSecondStepSuccess(customer.id);
  await client.giveBack();
  if (!(await finishChallenge(challenge))) return { ok: false, reason: "expired" };

  await (await db()).transaction(async (tx) => {
    await recordAudit({ event: "second_step_passed", customerId: customer.id, meta, details }, tx);
    await method.afterPass?.(tx, { customer, meta, locale, wasSetUp: state.setUp.includes(method.id), recoveryCodesLeft: state.recoveryCodesLeft });
  });
  return { ok: true, customer, remember: challenge.remember, method: method.id, external: externalWayInOf(challenge) };
}

/** Whether a session passed two-step verification (staff pages accept no other). */
export async function sessionPassedTwoStep(sessionId: string): Promise<boolean> {
  const rows = await (await db()).select({ sessionId: verifiedSessions.sessionId }).from(verifiedSessions).where(eq(verifiedSessions.sessionId, sessionId)).limit(1);
  return rows.length === 1;
}
