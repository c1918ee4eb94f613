import { now } from "@/lib/clock";
import type { RequestMeta } from "@/lib/http/client-ip";
import { db, type Executor } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";

/** S42: the security events the portal records. */
export type AuditEvent =
  | "sign_in_succeeded"
  | "sign_in_failed"
  | "sign_in_throttled"
  | "lockout_started"
  | "password_sign_in_blocked"
  | "signed_out"
  | "sessions_revoked"
  | "password_changed"
  | "password_hash_upgraded"
  | "password_reset_requested"
  | "password_reset_completed"
  | "reset_token_rejected"
  | "customer_created"
  | "customer_imported"
  | "customer_import_updated"
  | "customer_disabled"
  | "customer_enabled"
  | "customer_unlocked"
  | "external_account_connected"
  | "external_account_disconnected"
  | "email_confirmed"
  | "confirmation_token_rejected"
  | "registration_requested"
  | "registration_completed"
  | "registration_token_rejected"
  | "invitation_created"
  | "invitation_revoked"
  | "invitation_redeemed"
  | "invitation_code_rejected";

export type AuditEntry = {
  event: AuditEvent;
  customerId?: string | null;
  meta?: RequestMeta | null;
  // Never a password, token, reset URL or cookie.
  details?: Record<string, unknown>;
};

function auditRow(entry: AuditEntry, at: Date) {
  return {
    at,
    event: entry.event,
    customerId: entry.customerId ?? null,
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent ?? null,
    details: entry.details ?? null,
  };
}

export async function recordAudit(entry: AuditEntry, executor?: Executor) {
  const target = executor ?? (await db());
  await target.insert(auditLog).values(auditRow(entry, now()));
}

/** Many events in one statement (an import batch records one per customer). */
export async function recordAuditEntries(entries: AuditEntry[], executor?: Executor) {
  if (entries.length === 0) return;
  const target = executor ?? (await db());
  const at = now();
  await target.insert(auditLog).values(entries.map((entry) => auditRow(entry, at)));
}
