import { getLocale } from "next-intl/server";
import { findCustomerById } from "@/lib/customers/lookup";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { linkedIdentity } from "@/lib/auth/external-sign-in";
import { finishSignIn } from "@/lib/auth/finish-sign-in";
import type { ExternalWayIn } from "@/lib/auth/sign-in-challenge";
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
async function secondStepAfterExternalSignIn(customer: Customer, external: ExternalWayIn): Promise<boolean> {
  return startSecondStepIfNeeded(customer, false, await getLocale(), { external });
}

/**
 * Auth.js's jwt callback once a provider has vouched for the customer (auth.ts): the claims of the
 * session to carry on with, or null for none — the account is gone or disabled, or the second step
 * was started. "Connect" from a live session of the same customer goes on as it was (issue 22,
 * S48: not a sign-in, no new sign-in time, no step skipped); anything else ends in finishSignIn,
 * like every other sign-in (issue 24).
 */
export async function sessionAfterExternalSignIn(
  customerId: string,
  identity: { provider: string; providerAccountId: string },
  sessionCookie: string | undefined,
  meta: RequestMeta,
): Promise<SessionClaims | null> {
  const customer = await findCustomerById(customerId);
  if (!customer || customer.disabled) return null;
  const current = await sessionAtExternalSignIn(sessionCookie);
  // "Connect" from a live session goes on as it was — also while a lockout blocks password
  // sign-in (a stranger's wrong passwords must not sign the owner out; mayStillAddWayIn agrees).
  if (current.state === "live" && current.customer.id === customer.id) return current.claims;
  // S49: while password sign-in is blocked, an identity signs nobody in.
  if (customer.passwordSignInBlocked) return null;
  // S49: "Connect" from a session of this customer that ended since the signIn callback (the account
  // was taken back) makes no session at all — least of all a new one.
  if (current.state === "ended" && (await connectingSessionId(sessionCookie, customer.id))) return null;
  // S49: and an identity a recovery removed since the callback signs in nobody. (A recovery after
  // this read moves the session version on, so the session made below counts for nothing.)
  const linked = await linkedIdentity(identity.provider, identity.providerAccountId);
  if (linked?.customerId !== customer.id) return null;
  // Issue 22: signed in with an identity a session connected, this one trusts from that session's start.
  const external = { provider: identity.provider, trustStart: linked.trustStart };
  if (await secondStepAfterExternalSignIn(customer, external)) return null;
  // Auth.js writes the cookie itself, from the claims this returns.
  return finishSignIn(customer, { by: "external", ...external }, { remember: false, meta, locale: await getLocale(), writeCookie: false });
}

/**
 * The session "Connect" came from: the cookie's, when it names one of this customer's sessions,
 * live or not (the identity's write checks it again, S49); undefined for none or another customer's.
 */
export async function connectingSessionId(sessionCookie: string | undefined, customerId: string): Promise<string | undefined> {
  const claims = sessionCookie ? await openSession(sessionCookie) : null;
  return claims && claims.sub === customerId ? claims.sid : undefined;
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
