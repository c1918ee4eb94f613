import { now } from "@/lib/clock";
import type { Customer } from "@/lib/db/schema";
import { signedInRecently, type SessionClaims } from "@/lib/auth/session-limits";
import { sessionPassedTwoStep, twoStepState } from "@/lib/auth/two-step/second-step";

/**
 * Issue 22, S48: adding or changing a way into the account — a passkey, an authenticator app,
 * recovery codes, an external identity, the email address — needs a sign-in in the last 10 minutes
 * that passed every step the account has. A session that skipped the second step on a remembered
 * browser did not pass it; signing in again from a signed-in browser always asks it
 * (startSecondStepIfNeeded's stepUp).
 */
export async function hasRecentFullSignIn(customer: Customer, session: SessionClaims): Promise<boolean> {
  if (!signedInRecently(session, now())) return false;
  const state = await twoStepState(customer);
  if (!state.on && !state.required) return true;
  return sessionPassedTwoStep(session.sid);
}
