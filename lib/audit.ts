import { and, desc, eq, gte, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { now } from "@/lib/clock";
import type { RequestMeta } from "@/lib/http/client-ip";
import { db, type Executor } from "@/lib/db";
import { auditLog, customers } from "@/lib/db/schema";
import { auditEventRecorded } from "@/lib/operations/events";

/** S42: the security events the portal records, and what the support team does (issue 15). */
export const auditEvents = [
  "attachment_infected",
  "sign_in_succeeded",
  "sign_in_failed",
  "sign_in_throttled",
  "lockout_started",
  "password_sign_in_blocked",
  "signed_out",
  "sessions_revoked",
  "password_changed",
  "password_hash_upgraded",
  "password_reset_requested",
  "password_reset_completed",
  "reset_token_rejected",
  "customer_created",
  "customer_imported",
  "customer_import_updated",
  "customer_disabled",
  "customer_enabled",
  "customer_unlocked",
  "external_account_connected",
  "external_account_disconnected",
  "way_in_undone",
  "way_in_undo_link_rejected",
  "way_in_removed_after_reset",
  "email_confirmed",
  "confirmation_token_rejected",
  "registration_requested",
  "registration_completed",
  "registration_token_rejected",
  "invitation_created",
  "invitation_revoked",
  "invitation_redeemed",
  "invitation_code_rejected",
  // Issue 16: the customer's own account.
  "profile_updated",
  "email_change_requested",
  "email_change_withdrawn",
  "email_changed",
  "email_change_cancelled",
  "email_change_token_rejected",
  "device_signed_out",
  "new_browser_alerts_changed",
  // The support team's actions: actorId is the staff member (null from the CLI).
  "role_changed",
  "password_reset_sent_by_staff",
  "case_replied",
  "case_note_added",
  "case_status_changed",
  "case_priority_changed",
  "case_assigned",
  "contact_message_handled",
  "contact_message_reopened",
  "contact_message_replied",
  "contact_message_made_case",
  // Two-step verification (issue 17); details name the method, never a code or secret.
  "second_step_started",
  "second_step_passed",
  "second_step_failed",
  "second_step_throttled",
  "two_step_enabled",
  "two_step_disabled",
  "passkey_added",
  "passkey_renamed",
  "passkey_removed",
  "passkey_sign_in_failed",
  "recovery_code_used",
  "recovery_codes_generated",
  "browser_remembered",
  "two_step_reset",
  // The Knowledge Base editor (issue 31); details name the article, its language, slug and version.
  "kb_article_created",
  "kb_article_saved",
  "kb_article_restored",
  "kb_article_published",
  "kb_article_archived",
  // Issue 29: an admin's "Try again" on the health page (details: the message or job id).
  "dead_mail_retried",
  "dead_job_retried",
] as const;

export type AuditEvent = (typeof auditEvents)[number];

export type AuditEntry = {
  event: AuditEvent;
  /** The customer the event is about. */
  customerId?: string | null;
  /** The staff member who acted (issue 15): who did what to which case or customer, and when. */
  actorId?: string | null;
  meta?: RequestMeta | null;
  // Never a password, token, reset URL or cookie — nor what a reply or note says.
  details?: Record<string, unknown>;
};

/** Who did something on behalf of the company: a staff member and their request, or the CLI (no actor). */
export type AuditActor = { actorId: string | null; meta?: RequestMeta | null };

function auditRow(entry: AuditEntry, at: Date) {
  return {
    at,
    event: entry.event,
    customerId: entry.customerId ?? null,
    actorId: entry.actorId ?? null,
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent ?? null,
    details: entry.details ?? null,
  };
}

export async function recordAudit(entry: AuditEntry, executor?: Executor) {
  const target = executor ?? (await db());
  await target.insert(auditLog).values(auditRow(entry, now()));
  auditEventRecorded(entry.event);
}

/** Many events in one statement (an import batch records one per customer). */
export async function recordAuditEntries(entries: AuditEntry[], executor?: Executor) {
  if (entries.length === 0) return;
  const target = executor ?? (await db());
  const at = now();
  await target.insert(auditLog).values(entries.map((entry) => auditRow(entry, at)));
}

const actor = alias(customers, "actor");

/** The newest events about a customer, with the staff member behind each (the Customers screen's "recent security events"). */
export async function recentAuditEvents(customerId: string, limit = 20) {
  return (await db())
    .select({
      id: auditLog.id,
      at: auditLog.at,
      event: auditLog.event,
      ip: auditLog.ip,
      actor: { id: actor.id, username: actor.username, name: actor.name },
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(eq(auditLog.customerId, customerId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/** Issue 16: a customer's own events of the given kinds since a time, newest first (their "recent security activity"). */
export async function auditEventsOf(customerId: string, events: readonly AuditEvent[], since: Date, limit = 100) {
  return (await db())
    .select({ id: auditLog.id, at: auditLog.at, event: auditLog.event, ip: auditLog.ip, userAgent: auditLog.userAgent, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), inArray(auditLog.event, [...events]), gte(auditLog.at, since)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/** The providers of external accounts connected to a customer since a time ("This wasn't me" disconnects them). */
export async function providersConnectedSince(customerId: string, since: Date, executor?: Executor): Promise<string[]> {
  const rows = await (executor ?? (await db()))
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, "external_account_connected"), gte(auditLog.at, since)));
  return [...new Set(rows.map((row) => (row.details as { provider?: unknown } | null)?.provider).filter((provider): provider is string => typeof provider === "string"))];
}
