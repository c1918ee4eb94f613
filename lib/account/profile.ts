import { recordAudit } from "@/lib/audit";
import { config } from "@/lib/config";
import { updateProfile } from "@/lib/customers/customers";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { readPhoneNumber } from "@/lib/account/phone";

/**
 * Issue 16: the name and phone number a customer keeps on /account. The username stays as it is
 * (reset mails name it, S9), and the email address has its own, more careful screen.
 */
export const NAME_MAX_LENGTH = 100;

export type ProfileProblems = { name?: "tooLong"; phone?: "invalid" | "tooShort" | "tooLong" };
export type ProfileOutcome = { ok: true; customer: Customer } | { ok: false; problems: ProfileProblems };

/**
 * The name and phone number as they will be stored, or what is wrong with them — the one reading
 * of both the customer's own form and the support team's correction (issue 27).
 */
export function readProfile(input: { name: string; phone: string }): { ok: true; profile: { name: string | null; phone: string | null } } | { ok: false; problems: ProfileProblems } {
  const name = input.name.trim().replace(/\s+/g, " ");
  const phoneText = input.phone.trim();
  const problems: ProfileProblems = {};
  if (name.length > NAME_MAX_LENGTH) problems.name = "tooLong";
  const phone = phoneText ? readPhoneNumber(phoneText, config().phoneDefaultCountry) : null;
  if (phone && !phone.ok) problems.phone = phone.problem;
  if (problems.name || problems.phone) return { ok: false, problems };
  return { ok: true, profile: { name: name || null, phone: phone?.ok ? phone.e164 : null } };
}

export async function saveProfile(customer: Customer, input: { name: string; phone: string }, meta: RequestMeta): Promise<ProfileOutcome> {
  const read = readProfile(input);
  if (!read.ok) return read;
  const saved = await updateProfile(customer.id, read.profile);
  if (!saved) return { ok: false, problems: {} };
  await recordAudit({ event: "profile_updated", customerId: customer.id, meta, details: { name: saved.name !== customer.name, phone: saved.phone !== customer.phone } });
  return { ok: true, customer: saved };
}
