import { getLocale } from "next-intl/server";
import type { Customer } from "@/lib/db/schema";
import { openSession } from "@/lib/auth/session-cookie";
import { customerOfSession } from "@/lib/auth/sessions";
import { startSecondStepIfNeeded } from "@/lib/auth/two-step/second-step";

/**
 * Issue 17, decided: an external sign-in is held to the same second step as a password. The
 * provider's own factors are unknown to the portal (Entra ID and Google say nothing reliable about
 * them), and "a stolen password alone never opens an account" holds for the provider's password
 * too. Staff and MFA=required apply the same way. "Connect" on /account — the same customer,
 * already signed in — is not a sign-in and asks nothing more.
 *
 * True when the second step was started: Auth.js then makes no session, and /signin/continue
 * sends the browser on to /signin/two-step.
 */
export async function secondStepAfterExternalSignIn(customer: Customer, sessionCookie: string | undefined): Promise<boolean> {
  const claims = await openSession(sessionCookie);
  const signedIn = claims ? await customerOfSession(claims) : undefined;
  if (signedIn?.id === customer.id) return false;
  return startSecondStepIfNeeded(customer, false, await getLocale());
}
