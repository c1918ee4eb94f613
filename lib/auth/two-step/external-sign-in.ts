import { getLocale } from "next-intl/server";
import type { Customer } from "@/lib/db/schema";
import { openSession } from "@/lib/auth/session-cookie";
import { customerOfSession } from "@/lib/auth/sessions";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { startSecondStepIfNeeded } from "@/lib/auth/two-step/second-step";

/**
 * Issue 17, decided: an external sign-in is held to the same second step as a password. The
 * provider's own factors are unknown to the portal (Entra ID and Google say nothing reliable about
 * them), and "a stolen password alone never opens an account" holds for the provider's password
 * too. Staff and MFA=required apply the same way.
 *
 * True when the second step was started: Auth.js then makes no session, and /signin/continue
 * sends the browser on to /signin/two-step.
 */
export async function secondStepAfterExternalSignIn(customer: Customer): Promise<boolean> {
  return startSecondStepIfNeeded(customer, false, await getLocale());
}

export type SessionAtExternalSignIn =
  | { state: "none" | "ended" }
  | { state: "live"; customer: Customer; claims: SessionClaims; mayAddWayIn: boolean };

/**
 * The session the browser holds when a provider sends it back. "Connect" on /account comes back
 * with a live one: issue 22, S48 — it may link a new identity only after a recent sign-in that
 * passed every step, and it is not a sign-in: the session goes on as it was (auth.ts), with no new
 * sign-in time and no step skipped.
 */
export async function sessionAtExternalSignIn(sessionCookie: string | undefined): Promise<SessionAtExternalSignIn> {
  if (!sessionCookie) return { state: "none" };
  const claims = await openSession(sessionCookie);
  const customer = claims ? await customerOfSession(claims) : undefined;
  if (!claims || !customer) return { state: "ended" };
  return { state: "live", customer, claims, mayAddWayIn: await hasRecentFullSignIn(customer, claims) };
}
