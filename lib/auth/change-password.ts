import { eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { RequestMeta } from "@/lib/http/client-ip";
import { now } from "@/lib/clock";
import { revokeSessions } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { customers, passwordResetTokens, type Customer } from "@/lib/db/schema";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword } from "@/lib/auth/password-policy";
import { queuePasswordChangedMail } from "@/lib/auth/password-reset";
import { confirmCurrentPassword } from "@/lib/auth/sign-in";

export type ChangePasswordOutcome =
  | { ok: true; sessionVersion: number }
  | { ok: false; field: "currentPassword" | "newPassword"; message: string };

/**
 * A signed-in customer's password change. In one transaction: the new hash, a session-version bump
 * that ends every session (the caller re-issues its own, S23), void reset links (S12), the audit
 * events and the "password changed" mail (S41).
 */
export async function changePassword(customer: Customer, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<ChangePasswordOutcome> {
  const confirmed = await confirmCurrentPassword(customer, currentPassword, meta);
  if (!confirmed.ok) {
    const message =
      confirmed.reason === "throttled"
        ? `Too many attempts. Try again in ${Math.max(1, Math.ceil(confirmed.retryAfterSeconds / 60))} minutes.`
        : "That is not your current password.";
    return { ok: false, field: "currentPassword", message };
  }
  const verdict = checkNewPassword(newPassword, customer);
  if (!verdict.ok) return { ok: false, field: "newPassword", message: verdict.message };
  const passwordHash = await hashPassword(verdict.password);

  const database = await db();
  return database.transaction(async (tx) => {
    const [updated] = await tx
      .update(customers)
      .set({ passwordHash, sessionVersion: sql`${customers.sessionVersion} + 1`, updatedAt: now() })
      .where(eq(customers.id, customer.id))
      .returning();
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id));
    await recordAudit({ event: "password_changed", customerId: customer.id, meta }, tx);
    await recordAudit({ event: "sessions_revoked", customerId: customer.id, meta, details: { reason: "password_changed", keptCurrent: true } }, tx);
    await queuePasswordChangedMail(tx, updated, "changed", meta);
    return { ok: true as const, sessionVersion: updated.sessionVersion };
  });
}

/** "Sign out of all devices", this one included (S33). */
export async function signOutEverywhere(customerId: string, meta: RequestMeta) {
  await revokeSessions(customerId);
  await recordAudit({ event: "sessions_revoked", customerId, meta, details: { reason: "sign_out_everywhere" } });
}
