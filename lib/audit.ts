import { and, desc, eq, gte, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { now } from "@/lib/clock";
import type { RequestMeta } from "@/lib/http/client-ip";
import { db, type Executor } from "@/lib/db";
import { auditLog, customers } from "@/lib/db/schema";
import { auditEventRecorded } from "@/lib/operations/events";

// Issue 16: "shownToCustomer" events appear in the customer's own "Recent security activity" on
// /account; "staffOnly" ones are the support team's work on cases and anything that names another
// person, which only the staff Customers screen lists.
const shownToCustomer = { shownToCustomer: true } as const;
const staffOnly = { shownToCustomer: false } as const;

/**
 * S42: the security events the portal records, and what the support team does (issue 15) — the
 * one list: a new event is one line here, with whether the customer sees it.
 */
const auditEventList = {
  attachment_infected: staffOnly,
  sign_in_succeeded: shownToCustomer,
  sign_in_failed: shownToCustomer,
  sign_in_throttled: shownToCustomer,
  lockout_started: shownToCustomer,
  password_sign_in_blocked: shownToCustomer,
  signed_out: shownToCustomer,
  sessions_revoked: shownToCustomer,
  password_changed: shownToCustomer,
  password_hash_upgraded: shownToCustomer,
  password_reset_requested: shownToCustomer,
  password_reset_completed: shownToCustomer,
  reset_token_rejected: staffOnly,
  customer_created: staffOnly,
  customer_imported: staffOnly,
  customer_import_updated: staffOnly,
  customer_disabled: shownToCustomer,
  customer_enabled: shownToCustomer,
  customer_unlocked: shownToCustomer,
  external_account_connected: shownToCustomer,
  external_account_disconnected: shownToCustomer,
  way_in_undone: staffOnly,
  way_in_undo_link_rejected: staffOnly,
  way_in_removed_after_reset: staffOnly,
  email_confirmed: shownToCustomer,
  confirmation_token_rejected: staffOnly,
  registration_requested: staffOnly,
  registration_completed: staffOnly,
  registration_token_rejected: staffOnly,
  invitation_created: staffOnly,
  invitation_revoked: staffOnly,
  invitation_redeemed: staffOnly,
  invitation_code_rejected: staffOnly,
  // Issue 16: the customer's own account.
  profile_updated: shownToCustomer,
  email_change_requested: shownToCustomer,
  email_change_withdrawn: shownToCustomer,
  email_changed: shownToCustomer,
  email_change_cancelled: shownToCustomer,
  email_change_token_rejected: staffOnly,
  device_signed_out: shownToCustomer,
  new_browser_alerts_changed: shownToCustomer,
  // Issue 26.
  time_zone_changed: shownToCustomer,
  // The support team's actions: actorId is the staff member (null from the CLI).
  role_changed: staffOnly,
  password_reset_sent_by_staff: staffOnly,
  // Issue 27: the customer page's work for a customer (details: what changed, never the values).
  case_opened_by_staff: staffOnly,
  confirmation_sent_by_staff: staffOnly,
  profile_corrected_by_staff: staffOnly,
  // Issue 27: an admin's canned replies (details: the template's id and language).
  canned_reply_saved: staffOnly,
  canned_reply_deleted: staffOnly,
  case_replied: staffOnly,
  case_note_added: staffOnly,
  case_status_changed: staffOnly,
  case_priority_changed: staffOnly,
  case_assigned: staffOnly,
  contact_message_handled: staffOnly,
  contact_message_reopened: staffOnly,
  contact_message_replied: staffOnly,
  contact_message_made_case: staffOnly,
  // Mail read from the support mailbox (issue 28); details give the outcome's reason, never what the mail says.
  inbound_mail_posted: staffOnly,
  inbound_mail_held: staffOnly,
  inbound_mail_dropped: staffOnly,
  inbound_mail_posted_by_staff: staffOnly,
  inbound_mail_discarded: staffOnly,
  // Two-step verification (issue 17); details name the method, never a code or secret.
  second_step_started: shownToCustomer,
  second_step_passed: staffOnly,
  second_step_failed: shownToCustomer,
  second_step_throttled: shownToCustomer,
  two_step_enabled: shownToCustomer,
  two_step_disabled: shownToCustomer,
  passkey_added: shownToCustomer,
  passkey_renamed: staffOnly,
  passkey_removed: shownToCustomer,
  passkey_sign_in_failed: staffOnly,
  recovery_code_used: shownToCustomer,
  recovery_codes_generated: shownToCustomer,
  browser_remembered: shownToCustomer,
  two_step_reset: shownToCustomer,
  // The Knowledge Base editor (issue 31); details name the article, its language, slug and version.
  kb_article_created: staffOnly,
  kb_article_saved: staffOnly,
  kb_article_restored: staffOnly,
  kb_article_published: staffOnly,
  kb_article_archived: staffOnly,
  // Issue 29: an admin's "Try again" on the health page (details: the message or job id).
  dead_mail_retried: staffOnly,
  dead_job_retried: staffOnly,
} as const;

type EventList = typeof auditEventList;
export type AuditEvent = keyof EventList;
/** An event the customer sees in their "Recent security activity". */
export type CustomerVisibleEvent = { [Event in AuditEvent]: EventList[Event]["shownToCustomer"] extends true ? Event : never }[AuditEvent];

export const auditEvents = Object.keys(auditEventList) as AuditEvent[];
export const customerVisibleEvents = auditEvents.filter((event): event is CustomerVisibleEvent => auditEventList[event].shownToCustomer);

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

/**
 * An audit row as a statement not yet run, for a caller that makes it part of one statement with
 * other writes (a finished sign-in, issue 25); the caller calls auditWritten once it has run.
 */
export function auditInsert(database: Executor, entry: AuditEntry, at: Date = now()) {
  return database.insert(auditLog).values(auditRow(entry, at));
}

/** The metric of an event written by auditInsert's statement. */
export function auditWritten(entry: AuditEntry) {
  auditEventRecorded(entry.event);
}

/** Many events in one statement (an import batch records one per customer). */
export async function recordAuditEntries(entries: AuditEntry[], executor?: Executor) {
  if (entries.length === 0) return;
  const target = executor ?? (await db());
  const at = now();
  await target.insert(auditLog).values(entries.map((entry) => auditRow(entry, at)));
  for (const entry of entries) auditEventRecorded(entry.event);
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

/**
 * The external identities audited as connected to a customer whose rows keep no connection time
 * (lib/auth/external-sign-in.ts): those connected before accounts.linked_at, and imports. A
 * connection made since is audited with `withLinkedAt`, and its row says exactly when and which
 * identity. Newest first, with the provider each named.
 */
export async function connectionsWithoutLinkedAt(customerId: string, executor?: Executor): Promise<{ provider: string; at: Date }[]> {
  const rows = await (executor ?? (await db()))
    .select({ at: auditLog.at, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, "external_account_connected")))
    .orderBy(desc(auditLog.at), desc(auditLog.id));
  return rows.flatMap(({ at, details }) => {
    const { provider, withLinkedAt } = (details ?? {}) as { provider?: unknown; withLinkedAt?: unknown };
    return typeof provider === "string" && withLinkedAt !== true ? [{ provider, at }] : [];
  });
}
