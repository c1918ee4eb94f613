import { requestEmailChangeByStaff, type StaffEmailChangeOutcome } from "@/lib/account/email-change-request";
import { readProfile, type ProfileProblems } from "@/lib/account/profile";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { sendEmailConfirmation } from "@/lib/auth/email-confirmation";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { resetTwoStep } from "@/lib/auth/two-step/manage";
import { setCustomerRole, unlockCustomer, updateProfile } from "@/lib/customers/customers";
import { findCustomerById } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { consumeLimit } from "@/lib/http/rate-limit";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { assertRole, type StaffMember } from "@/lib/staff/access";
import { insertCase, type NewCase } from "@/lib/support/cases";
import type { CasePriority } from "@/lib/support/response-targets";

/**
 * The Customers screen's powers (issue 15): the operator CLI's, for admins who do not use a
 * terminal, and (issue 27) the everyday work agents do for a customer. Each one reuses the
 * operation the CLI or the customer's own screen uses and records who did it. Admins are managed
 * from the CLI only: no screen can disable, demote or promote an admin, so one admin cannot lock
 * the others out.
 */

export type CareOutcome = { ok: true } | { ok: false; reason: CareRefusal };
export type CareRefusal = "not_found" | "protected" | "not_needed" | "too_soon";

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
  // It ends every session too (the recovery table's "support's reset-mfa").
  await resetTwoStep(customer, actor);
  return { ok: true };
}

/**
 * Issue 27: an agent opens a case for a customer on the phone. It is the customer's case, as if
 * they had written it: they get the usual "case created" mail in their language, they are waiting
 * for an answer from now, and it shows in the queue with the priority the agent chose. Not
 * announced to the team (one of them made it); audited with the agent as actor.
 */
export async function openCaseByStaff(
  agent: StaffMember,
  customerId: string,
  input: NewCase & { priority: CasePriority },
  actor: Actor,
): Promise<{ ok: true; caseId: number } | { ok: false; reason: "not_found" }> {
  assertRole(agent, "agent");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  const { priority, ...newCase } = input;
  return (await db()).transaction(async (tx) => {
    const created = await insertCase(tx, customer, newCase, customer.locale ?? DEFAULT_LOCALE, [], priority);
    await recordAudit({ event: "case_opened_by_staff", customerId: customer.id, ...actor, details: { caseId: created.id, priority } }, tx);
    return { ok: true as const, caseId: created.id };
  });
}

/**
 * Issue 27: "Resend the confirmation mail" for a customer whose address nobody has confirmed (made
 * by the operator or an import): a new link, the old one void, in the customer's language. One a
 * customer every five minutes, however many presses arrive at once (S45: the limit is one atomic
 * statement); a confirmed or disabled account needs none.
 */
export async function resendConfirmationByStaff(agent: StaffMember, customerId: string, actor: Actor): Promise<CareOutcome> {
  assertRole(agent, "agent");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  if (customer.emailVerified !== null || customer.disabled) return { ok: false, reason: "not_needed" };
  if ((await consumeLimit("staffConfirmationMailsPerAccount", customer.id)).limited) return { ok: false, reason: "too_soon" };
  await (await db()).transaction(async (tx) => {
    await sendEmailConfirmation(tx, customer, customer.locale ?? DEFAULT_LOCALE);
    await recordAudit({ event: "confirmation_sent_by_staff", customerId: customer.id, ...actor }, tx);
  });
  return { ok: true };
}

/**
 * Issue 27: an agent corrects a customer's name and phone number, read exactly as the customer's
 * own form reads them. The audit says which changed, never the values (they are the customer's
 * personal data, and the audit log is read more widely than the customer's record).
 */
export async function correctProfileByStaff(
  agent: StaffMember,
  customerId: string,
  input: { name: string; phone: string },
  actor: Actor,
): Promise<{ ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "invalid"; problems: ProfileProblems }> {
  assertRole(agent, "agent");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  const read = readProfile(input);
  if (!read.ok) return { ok: false, reason: "invalid", problems: read.problems };
  const saved = await updateProfile(customer.id, read.profile);
  if (!saved) return { ok: false, reason: "not_found" };
  const changed = { name: saved.name !== customer.name, phone: saved.phone !== customer.phone };
  if (changed.name || changed.phone) await recordAudit({ event: "profile_corrected_by_staff", customerId: customer.id, ...actor, details: changed });
  return { ok: true };
}

/**
 * Issue 27: an admin changes a customer's email address — the customer's own change
 * (lib/account/email-change.ts), started by the admin. Admins' addresses are changed from the
 * command line only, like the rest of an admin's account.
 */
export async function changeEmailByStaff(
  admin: StaffMember,
  customerId: string,
  newEmail: string,
  actor: Actor & { actorId: string },
): Promise<StaffEmailChangeOutcome | { ok: false; reason: "not_found" | "protected" }> {
  assertRole(admin, "admin");
  const customer = await target(customerId);
  if (!customer) return { ok: false, reason: "not_found" };
  if (customer.role === "admin") return { ok: false, reason: "protected" };
  return requestEmailChangeByStaff(customer, newEmail, { actorId: actor.actorId, meta: actor.meta });
}
