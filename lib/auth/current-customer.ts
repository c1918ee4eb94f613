import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Customer } from "@/lib/db/schema";
import { openSession, sessionCookieName } from "@/lib/auth/session-cookie";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { customerOfSession, endSession } from "@/lib/auth/sessions";

export type SignedIn = { customer: Customer; session: SessionClaims };

/**
 * The signed-in customer, or null. S34: every page, route handler and server action asks this (or
 * requireCustomer) itself; the proxy's redirect is only a convenience. Read once per request:
 * the cookie is opened here and checked against the database in one query (S23, S31, S33).
 */
export const currentCustomer = cache(async (): Promise<SignedIn | null> => {
  const claims = await openSession((await cookies()).get(sessionCookieName())?.value);
  if (!claims) return null;
  const customer = await customerOfSession(claims);
  return customer ? { customer, session: claims } : null;
});

/**
 * Issue 26: whose session this browser carried, when it has ended (expired, idle, signed out
 * elsewhere), and the session version it was minted under. The cookie is sealed with AUTH_SECRET,
 * so neither can be forged; they are used only to keep what the customer typed for that same
 * customer (lib/support/kept-drafts.ts), never to act for them.
 */
export async function customerOfEndedSession(): Promise<{ customerId: string; sessionVersion: number } | null> {
  const claims = await openSession((await cookies()).get(sessionCookieName())?.value);
  return claims ? { customerId: claims.sub, sessionVersion: claims.sv } : null;
}

/** For protected pages and actions: the signed-in customer, or a redirect to "Sign in". */
export async function requireCustomer(returnTo: string): Promise<SignedIn> {
  const signedIn = await currentCustomer();
  if (!signedIn) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return signedIn;
}

/**
 * A browser holds one session: signing in again in it — to confirm it is you before changing
 * two-step verification, say — ends the session it had, so "Where you're signed in" shows it once.
 */
export async function endReplacedSession() {
  const signedIn = await currentCustomer();
  if (signedIn) await endSession(signedIn.session.sid);
}

export function displayName(customer: Pick<Customer, "name" | "username">): string {
  return customer.name?.trim() || customer.username;
}
