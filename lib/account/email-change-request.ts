import { findCustomerByEmail } from "@/lib/customers/lookup";
import { emailSchema } from "@/lib/customers/account-fields";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { consumeLimit } from "@/lib/http/rate-limit";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { confirmCurrentPassword } from "@/lib/auth/sign-in";
import { startEmailChange } from "./email-change";

/**
 * Issue 16, issue 27: who may ask to move an account to another address, and how often — the
 * customer from /account/email, or an admin from the Customers screen. The change itself, its
 * links and "This wasn't me" are email-change.ts's.
 */

export type EmailChangeRefusal = "wrong_password" | "reauthenticate" | "same_address" | "invalid_address" | "too_many";
export type EmailChangeRequestOutcome =
  | { ok: true }
  | { ok: false; reason: EmailChangeRefusal }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * "Change email address": checks who is asking, then mails the new address and tells the old one.
 * `browser` is the asking browser's hash (known-browsers.ts), null when it has no browser cookie.
 */
export async function requestEmailChange(
  customer: Customer,
  session: SessionClaims,
  input: { newEmail: string; currentPassword: string },
  meta: RequestMeta,
  locale: string,
  browser: string | null = null,
): Promise<EmailChangeRequestOutcome> {
  const parsed = emailSchema.safeParse(input.newEmail);
  if (!parsed.success) return { ok: false, reason: "invalid_address" };
  const newEmail = parsed.data.toLowerCase();
  if (newEmail === customer.email.toLowerCase()) return { ok: false, reason: "same_address" };

  // Issue 22, S48: a new address is a new way in (reset links go there): a recent sign-in that
  // passed every step, and the password as well where there is one.
  if (!(await hasRecentFullSignIn(customer, session))) return { ok: false, reason: "reauthenticate" };
  if (customer.passwordHash) {
    const confirmed = await confirmCurrentPassword(customer, input.currentPassword, meta);
    if (!confirmed.ok) return confirmed.reason === "throttled" ? confirmed : { ok: false, reason: "wrong_password" };
  }
  if ((await consumeLimit("emailChangesPerAccount", customer.id)).limited) return { ok: false, reason: "too_many" };

  await startEmailChange(customer, newEmail, { sessionId: session.sid, actorId: null, refuseAddressInUse: false, browser }, meta, locale);
  return { ok: true };
}

/**
 * Issue 27: an admin changes a customer's address from the Customers screen — the customer's own
 * change, from the same code: nothing changes until the link mailed to the new address is
 * followed (a mistyped address must not get the account's reset links), the old address is told
 * at once with "This wasn't me", and completing it ends every session. An address another account
 * has is refused on screen without naming the account (the admin may look it up; nobody is mailed).
 */
export type StaffEmailChangeOutcome = { ok: true } | { ok: false; reason: "invalid_address" | "same_address" | "in_use" | "too_many" };

export async function requestEmailChangeByStaff(customer: Customer, typed: string, actor: { actorId: string; meta: RequestMeta }): Promise<StaffEmailChangeOutcome> {
  const parsed = emailSchema.safeParse(typed);
  if (!parsed.success) return { ok: false, reason: "invalid_address" };
  const newEmail = parsed.data.toLowerCase();
  if (newEmail === customer.email.toLowerCase()) return { ok: false, reason: "same_address" };
  if (await findCustomerByEmail(newEmail)) return { ok: false, reason: "in_use" };
  if ((await consumeLimit("emailChangesPerAccount", customer.id)).limited) return { ok: false, reason: "too_many" };
  const started = await startEmailChange(customer, newEmail, { sessionId: null, actorId: actor.actorId, refuseAddressInUse: true }, actor.meta, customer.locale ?? DEFAULT_LOCALE);
  return started === "in_use" ? { ok: false, reason: "in_use" } : { ok: true };
}
