import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { AuditActor } from "@/lib/audit";
import { currentCustomer, type SignedIn } from "@/lib/auth/current-customer";
import { sessionPassedTwoStep } from "@/lib/auth/two-step/second-step";
import type { Customer, Role } from "@/lib/db/schema";
import { requestMeta, type RequestMeta } from "@/lib/http/client-ip";

/**
 * Who may use the support team's screens (issue 15), decided in one place. S34: every staff page
 * and every staff action asks here itself, first; the role comes from the customer's row, read
 * with the session on every request (currentCustomer), so a role removed counts from the next
 * request. Anyone without the role gets "not found" — the same as an address that does not exist,
 * so a customer learns nothing about what is there.
 */
export type StaffRole = Exclude<Role, "customer">;
export type StaffMember = Customer & { role: StaffRole };

// An admin may do everything an agent may.
const RANK: Record<Role, number> = { customer: 0, agent: 1, admin: 2 };

export function hasRole(person: Pick<Customer, "role"> | null | undefined, role: StaffRole): boolean {
  return person !== null && person !== undefined && (RANK[person.role] ?? 0) >= RANK[role];
}

export function isStaff(person: Customer | null | undefined): person is StaffMember {
  return hasRole(person, "agent");
}

/**
 * Issue 27: where a sign-in lands. Agents and admins who were not going anywhere in particular
 * start at the support team's queue, not the customer's home page.
 */
export function landingPath(person: Pick<Customer, "role">, callbackPath: string): string {
  return callbackPath === "/" && hasRole(person, "agent") ? "/staff" : callbackPath;
}

/**
 * The staff member behind this request, or notFound(). For server actions: a customer and a
 * signed-out visitor alike get a 404 and nothing is done.
 */
export async function requireStaff(role: StaffRole = "agent", alreadyRead?: SignedIn | null): Promise<StaffMember> {
  // An action that has read the session already passes it: a server action has no React cache.
  const signedIn = alreadyRead === undefined ? await currentCustomer() : alreadyRead;
  // Issue 17: staff must use two-step verification; a session that did not pass it (one started
  // before the role was given, say) is refused like a customer's.
  if (!signedIn || !hasRole(signedIn.customer, role) || !(await sessionPassedTwoStep(signedIn.session.sid))) notFound();
  return signedIn.customer as StaffMember;
}

/**
 * For staff pages: a signed-out visitor is sent to "Sign in" first (staff open these from mail), a
 * staff session that did not pass two-step verification to take it; anyone else without the role
 * gets a 404.
 */
export async function requireStaffPage(role: StaffRole, returnTo: string): Promise<StaffMember> {
  const signedIn = await currentCustomer();
  if (!signedIn) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (hasRole(signedIn.customer, role) && !(await sessionPassedTwoStep(signedIn.session.sid))) {
    redirect(`/signin/two-step/staff?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  return requireStaff(role);
}

/** The audit's "who" for a staff action: the staff member and the request they made it from. */
export async function staffActor(staff: StaffMember): Promise<AuditActor & { actorId: string; meta: RequestMeta }> {
  return { actorId: staff.id, meta: requestMeta(await headers()) };
}

/** Defence in depth for lib/: an operation that needs a role refuses a caller without it, whatever the page did. */
export class StaffOnly extends Error {
  constructor(role: StaffRole) {
    super(`this operation needs the ${role} role`);
    this.name = "StaffOnly";
  }
}

export function assertRole(person: Pick<Customer, "role">, role: StaffRole): void {
  if (!hasRole(person, role)) throw new StaffOnly(role);
}

/**
 * A staff page's title, for staff only: a page's metadata is worked out alongside the page, so
 * without this check a customer's 404 would still carry the staff page's name in its <title>.
 */
export async function staffPageTitle(role: StaffRole, title: () => Promise<string>): Promise<{ title?: string }> {
  const signedIn = await currentCustomer();
  return hasRole(signedIn?.customer, role) ? { title: await title() } : {};
}
