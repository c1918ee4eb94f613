import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { cache } from "react";
import { auth } from "@/auth";
import { findCustomerById } from "@/lib/customers/customers";
import type { Customer } from "@/lib/db/schema";

export type SignedIn = { customer: Customer; session: Session };

/**
 * The signed-in customer, or null. S34: every page, route handler and server action asks this (or
 * requireCustomer) itself; the proxy's redirect is only a convenience. Read once per request.
 */
export const currentCustomer = cache(async (): Promise<SignedIn | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const customer = await findCustomerById(session.user.id);
  if (!customer || customer.disabled) return null;
  return { customer, session };
});

/** For protected pages and actions: the signed-in customer, or a redirect to "Sign in". */
export async function requireCustomer(returnTo: string): Promise<SignedIn> {
  const signedIn = await currentCustomer();
  if (!signedIn) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return signedIn;
}

export function displayName(customer: Pick<Customer, "name" | "username">): string {
  return customer.name?.trim() || customer.username;
}
