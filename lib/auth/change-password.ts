import { recordAudit } from "@/lib/audit";
import { setPasswordHash } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword, type PasswordRefusal } from "@/lib/auth/password-policy";
import { sendPasswordChangedNotice } from "@/lib/auth/security-notices";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import { recoverAccount } from "@/lib/auth/recovery";
import { confirmCurrentPassword } from "@/lib/auth/sign-in";
import { writeSessionCookie } from "@/lib/auth/session-cookie";

export type ChangePasswordOutcome =
  | { ok: true }
  | { ok: false; reason: "wrong_password" | "session_ended" | "reauthenticate" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "policy"; refusal: PasswordRefusal };

/**
 * A signed-in customer's password change. In one transaction: the new hash, a new session version
 * (so a session being started elsewhere with the old password at this moment is void too, S23),
 * every other session, pending second step and remembered browser ended, reset links void (S12),
 * the audit events and the notice (S41) — lib/auth/recovery.ts. The
 * session that made the change goes on, with a cookie carrying the new version.
 */
export async function changePassword(
  customer: Customer,
  session: SessionClaims,
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
  locale?: string,
): Promise<ChangePasswordOutcome> {
  // Issue 22, S48: a new password is a new way in: a recent sign-in that passed every step, first.
  if (!(await hasRecentFullSignIn(customer, session))) return { ok: false, reason: "reauthenticate" };
  const confirmed = await confirmCurrentPassword(customer, currentPassword, meta);
  if (!confirmed.ok) {
    return confirmed.reason === "throttled" ? { ok: false, reason: "throttled", retryAfterSeconds: confirmed.retryAfterSeconds } : { ok: false, reason: "wrong_password" };
  }
  const verdict = checkNewPassword(newPassword, customer);
  if (!verdict.ok) return { ok: false, reason: "policy", refusal: verdict };
  const passwordHash = await hashPassword(verdict.password);

  const sessionVersion = await (await db()).transaction(async (tx) => {
    const updated = await setPasswordHash(tx, customer.id, passwordHash);
    if (!updated) return null;
    await recordAudit({ event: "password_changed", customerId: customer.id, meta }, tx);
    // Issue 22, item 4: also a sign-in waiting at its second step with the old password, and remembered browsers.
    const { sessionVersion: version } = await recoverAccount(tx, customer.id, "password_changed", { keepSessionId: session.sid, meta });
    await sendPasswordChangedNotice(tx, updated, "changed", meta, locale);
    return version;
  });
  if (sessionVersion === null) return { ok: false, reason: "session_ended" };
  await writeSessionCookie({ ...session, sv: sessionVersion });
  return { ok: true };
}
