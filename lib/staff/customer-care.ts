import { recordAudit, type AuditActor } from "@/lib/audit";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { endAllSessions } from "@/lib/auth/sessions";
import { resetTwoStep } from "@/lib/auth/two-step/manage";
import { findCustomerById, setCustomerRole, unlockCustomer } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { assertRole, type StaffMember } from "@/lib/staff/access";

/**
 * The Customers screen's powers (issue 15): the operator CLI's, for admins who do not use a
 * terminal. Each one reuses the operation the CLI uses and records who did it. Admins are managed
 * from the CLI only: no screen can disable, demote or promote an admin, so one admin cannot lock
 * the others out.
 */

export type CareOutcome = { ok: true } | { ok: false; reason: "not_found" | "protected" };

type Actor = AuditActor & { meta: RequestMeta };

async function target(id: string): Promise<Customer | undefined> {
  return findCustomerById(id);
}

/** The roles an admin may give on the screen: agent, or back to customer. */
export const grantableRoles = ["customer", "agent"] as const;
export type GrantableRole = (typeof grantableRoles)[number];

export async function grantRole(admin: StaffMember, customerId: string, role: GrantableRole, actor: Actor): Promise<CareOutcome> {
  assertRole(admin, "admin");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  if (customer.role === "admin") return { ok: false, reason: "protected" };
  await setCustomerRole(customer.id, role, actor);
  return { ok: true };
}

export async function setDisabledByStaff(admin: StaffMember, customerId: string, disabled: boolean, actor: Actor): Promise<CareOutcome> {
  assertRole(admin, "admin");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  if (customer.role === "admin" || customer.id === admin.id) return { ok: false, reason: "protected" };
  if (customer.disabled !== disabled) await setAccountDisabled(customer.id, disabled, actor);
  return { ok: true };
}

export async function unlockByStaff(admin: StaffMember, customerId: string, actor: Actor): Promise<CareOutcome> {
  assertRole(admin, "admin");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  await unlockCustomer(customer.id, actor);
  return { ok: true };
}

/**
 * "Send a reset link": the same request "Forgot your password?" makes, to the address on the
 * account, in the customer's language — with the same limits (S18), so this cannot flood a mailbox.
 */
export async function sendResetLinkByStaff(admin: StaffMember, customerId: string, actor: Actor): Promise<CareOutcome> {
  assertRole(admin, "admin");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  await requestPasswordReset(customer.email, actor.meta, customer.locale ?? DEFAULT_LOCALE);
  await recordAudit({ event: "password_reset_sent_by_staff", customerId: customer.id, actorId: actor.actorId, meta: actor.meta });
  return { ok: true };
}

/**
 * Issue 27: "Reset two-step verification" for a customer who lost their phone — the operation
 * `npm run user -- reset-mfa` runs (audited as two_step_reset with the admin as actor, and mailed),
 * then every session the customer has ends, so whoever holds their phone or a session is out. An
 * admin's second step is reset only from the command line: no admin can take over another's account.
 */
export async function resetTwoStepByStaff(admin: StaffMember, customerId: string, actor: Actor): Promise<CareOutcome> {
  assertRole(admin, "admin");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  if (customer.role === "admin") return { ok: false, reason: "protected" };
  await resetTwoStep(customer, actor);
  await (await db()).transaction((tx) => endAllSessions(tx, customer.id));
  return { ok: true };
}
