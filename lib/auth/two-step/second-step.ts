import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { claimSecondStepAttempt, findCustomerById, forgiveSecondStepAttempt, recordSecondStepSuccess, setEmailCodeRequired } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { verifiedSessions, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { reservePoint } from "@/lib/http/rate-limit";
import { claimResend, currentChallenge, externalWayInOf, finishChallenge, startChallenge, type Challenge, type ExternalWayIn } from "@/lib/auth/sign-in-challenge";
import { hasAuthenticatorApp, acceptAuthenticatorCode, isUsedAuthenticatorCode } from "@/lib/auth/two-step/authenticator-app";
import { EMAIL_CODE_RESEND_COOLDOWN_MS, hasLiveEmailCode, isUsedEmailCode, sendEmailCodeNow, spendEmailCode } from "@/lib/auth/two-step/email-code";
import { sendTwoStepNotice } from "@/lib/auth/two-step/notices";
import { hasPasskeys } from "@/lib/auth/two-step/passkeys";
import { isUsedRecoveryCode, recoveryCodesLeft, spendRecoveryCode } from "@/lib/auth/two-step/recovery-codes";
import { isTrustedBrowser } from "@/lib/auth/two-step/trusted-browser";

/**
 * Which second step a customer takes, and taking it (issue 17). The password step alone never
 * produces a session: when a second step is needed the customer holds only the 5-minute pending
 * state of lib/auth/sign-in-challenge.ts, bound to that browser, until a code passes.
 *
 * - Two-step verification is on when the customer has an authenticator app or email codes (the
 *   import turns email codes on for customers whose Power Pages record had two-factor on).
 * - It is required — set up at the next sign-in, never turned off — under MFA=required and, always,
 *   for staff. A customer who must and has nothing yet gets an email code, which turns email codes
 *   on when it passes: the mailbox is proved before anything is set up, so a stolen password alone
 *   cannot even set up a factor of its own.
 * - A remembered browser skips the step for 30 days; staff always take it.
 * - A passkey sign-in counts as both steps.
 */
export type SecondStepMethod = "authenticator_app" | "email_code" | "recovery_code";
export type VerifiedMethod = SecondStepMethod | "passkey";

export type TwoStepState = {
  authenticatorApp: boolean;
  emailCode: boolean;
  recoveryCodesLeft: number;
  passkeys: boolean;
  /** A second step is asked at every sign-in. */
  on: boolean;
  /** The customer may not go without one (MFA=required, or a staff role). */
  required: boolean;
};

export function isTwoStepRequired(customer: Pick<Customer, "role">): boolean {
  return config().twoStep.policy === "required" || customer.role !== "customer";
}

export async function twoStepState(customer: Customer): Promise<TwoStepState> {
  const [authenticatorApp, recoveryLeft, passkeys] = await Promise.all([hasAuthenticatorApp(customer.id), recoveryCodesLeft(customer.id), hasPasskeys(customer.id)]);
  const emailCode = customer.mfaEmailCodeRequired;
  return { authenticatorApp, emailCode, recoveryCodesLeft: recoveryLeft, passkeys, on: authenticatorApp || emailCode, required: isTwoStepRequired(customer) };
}

/** The ways the second-step screen offers, the first being the one shown first. */
export function methodsFor(state: TwoStepState): SecondStepMethod[] {
  const methods: SecondStepMethod[] = [];
  if (state.authenticatorApp) methods.push("authenticator_app");
  if (state.emailCode || !state.on) methods.push("email_code");
  if (state.on && state.recoveryCodesLeft > 0) methods.push("recovery_code");
  return methods;
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
  const state = await twoStepState(customer);
  if (!state.on && !state.required) return false;
  // stepUp: signing in again from a signed-in browser, to make a change that needs every step (S48).
  if (state.on && customer.role === "customer" && !options.stepUp && (await isTrustedBrowser(customer.id))) return false;
  const challenge = await startChallenge(customer, "second_factor", remember, options.external);
  if (methodsFor(state)[0] === "email_code" && !(await hasLiveEmailCode(customer.id, "sign_in"))) await sendSignInCode(challenge, customer, locale);
  return true;
}

async function sendSignInCode(challenge: Challenge, customer: Customer, locale: string | null): Promise<{ ok: true } | { ok: false; waitSeconds: number }> {
  const claimed = await claimResend(challenge, EMAIL_CODE_RESEND_COOLDOWN_MS);
  if (claimed.ok) await sendEmailCodeNow(customer, "sign_in", locale);
  return claimed;
}

/** The pending second step of this browser: its customer, what they may use, and the state. */
export async function pendingSecondStep() {
  const pending = await currentChallenge("second_factor");
  if (!pending) return null;
  const state = await twoStepState(pending.customer);
  return { ...pending, state, methods: methodsFor(state) };
}

/** "Send a new code", from the pending state only, once a minute (claimResend). */
export async function resendSignInCode(locale: string | null): Promise<{ ok: true } | { ok: false; waitSeconds: number } | null> {
  const pending = await pendingSecondStep();
  if (!pending || !pending.methods.includes("email_code")) return null;
  return sendSignInCode(pending.challenge, pending.customer, locale);
}

export type SecondStepOutcome =
  | { ok: true; customer: Customer; remember: boolean; method: SecondStepMethod; external: ExternalWayIn | null }
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
export async function passSecondStep(method: SecondStepMethod, code: string, meta: RequestMeta, locale: string | null): Promise<SecondStepOutcome> {
  const pending = await pendingSecondStep();
  if (!pending || !pending.methods.includes(method)) return { ok: false, reason: "expired" };
  const { customer, challenge, state } = pending;

  const client = await reservePoint("signInFailuresPerIp", meta.ip);
  if (client.limited) {
    await recordAudit({ event: "second_step_throttled", customerId: customer.id, meta, details: { method, by: "client" } });
    return { ok: false, reason: "throttled", retryAfterSeconds: client.retryAfterSeconds };
  }
  const claimed = await claimSecondStepAttempt(customer.id);
  if (!claimed) {
    await recordAudit({ event: "second_step_throttled", customerId: customer.id, meta, details: { method, by: "account" } });
    return { ok: false, reason: "throttled", retryAfterSeconds: secondsUntil((await findCustomerById(customer.id))?.lockedUntil) };
  }

  const result =
    method === "authenticator_app"
      ? (await acceptAuthenticatorCode(customer.id, code)) ? "ok" : "wrong"
      : method === "recovery_code"
        ? (await spendRecoveryCode(customer.id, code)) ? "ok" : "wrong"
        : await spendEmailCode(customer.id, "sign_in", code);
  // Issue 22, item 9: the right code sent twice at once (a double-click) is one success and no
  // failure — the copies that lost the race give back what they took, so they cannot lock the
  // owner out. A used code still never passes, so this lets nobody guess more.
  if (result !== "ok" && (await isUsedCode(customer.id, method, code))) {
    await forgiveSecondStepAttempt(customer.id);
    await client.giveBack();
    return { ok: false, reason: "code_spent" };
  }
  if (result !== "ok") {
    await recordAudit({ event: "second_step_failed", customerId: customer.id, meta, details: { method, failures: claimed.failedSecondSteps } });
    if (claimed.lockedUntil && claimed.lockedUntil > now() && claimed.failedSecondSteps % 5 === 0) {
      await recordAudit({ event: "lockout_started", customerId: customer.id, meta, details: { failures: claimed.failedSecondSteps, step: "second" } });
    }
    return { ok: false, reason: result === "spent" ? "code_spent" : "wrong" };
  }
  await recordSecondStepSuccess(customer.id);
  await client.giveBack();
  if (!(await finishChallenge(challenge))) return { ok: false, reason: "expired" };

  await (await db()).transaction(async (tx) => {
    await recordAudit({ event: "second_step_passed", customerId: customer.id, meta, details: { method } }, tx);
    // Required and not yet set up: the first email code that passes turns email codes on.
    if (method === "email_code" && !state.emailCode && (await setEmailCodeRequired(tx, customer.id, true))) {
      await recordAudit({ event: "two_step_enabled", customerId: customer.id, meta, details: { method, at: "sign_in" } }, tx);
      await sendTwoStepNotice(tx, customer, "email_code_on", meta, {}, locale);
    }
    if (method === "recovery_code") {
      await recordAudit({ event: "recovery_code_used", customerId: customer.id, meta }, tx);
      await sendTwoStepNotice(tx, customer, "recovery_code_used", meta, { codesLeft: Math.max(0, state.recoveryCodesLeft - 1) }, locale);
    }
  });
  return { ok: true, customer, remember: challenge.remember, method, external: externalWayInOf(challenge) };
}

function isUsedCode(customerId: string, method: SecondStepMethod, code: string): Promise<boolean> {
  if (method === "authenticator_app") return isUsedAuthenticatorCode(customerId, code);
  if (method === "recovery_code") return isUsedRecoveryCode(customerId, code);
  return isUsedEmailCode(customerId, "sign_in", code);
}

/** Whether a session passed two-step verification (staff pages accept no other). */
export async function sessionPassedTwoStep(sessionId: string): Promise<boolean> {
  const rows = await (await db()).select({ sessionId: verifiedSessions.sessionId }).from(verifiedSessions).where(eq(verifiedSessions.sessionId, sessionId)).limit(1);
  return rows.length === 1;
}
