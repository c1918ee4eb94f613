import { auditEventsOf, type AuditEvent } from "@/lib/audit";
import { DAY, now } from "@/lib/clock";

/**
 * Issue 16: "Recent security activity" on /account — the customer's own security events of the last
 * 30 days from the audit log. Only these kinds: the support team's work on cases, and anything
 * that names another person, never shows here.
 */
export const ACTIVITY_DAYS = 30;

export const customerVisibleEvents = [
  "sign_in_succeeded",
  "sign_in_failed",
  "sign_in_throttled",
  "lockout_started",
  "password_sign_in_blocked",
  "signed_out",
  "sessions_revoked",
  "device_signed_out",
  "password_changed",
  "password_hash_upgraded",
  "password_reset_requested",
  "password_reset_completed",
  "customer_unlocked",
  "customer_disabled",
  "customer_enabled",
  "external_account_connected",
  "external_account_disconnected",
  "email_confirmed",
  "profile_updated",
  "email_change_requested",
  "email_change_withdrawn",
  "email_changed",
  "email_change_cancelled",
  "new_browser_alerts_changed",
  "time_zone_changed",
  "second_step_started",
  "second_step_failed",
  "second_step_throttled",
  "two_step_enabled",
  "two_step_disabled",
  "passkey_added",
  "passkey_removed",
  "recovery_code_used",
  "recovery_codes_generated",
  "browser_remembered",
  "two_step_reset",
] as const satisfies readonly AuditEvent[];

export type ActivityEntry = Awaited<ReturnType<typeof recentActivity>>[number];

export async function recentActivity(customerId: string) {
  const since = new Date(now().getTime() - ACTIVITY_DAYS * DAY);
  const rows = await auditEventsOf(customerId, customerVisibleEvents, since);
  // Of the details only what the page words: the provider of an external account, who acted.
  return rows.map((row) => ({ id: row.id, at: row.at, event: row.event as (typeof customerVisibleEvents)[number], ip: row.ip, userAgent: row.userAgent, provider: providerOf(row.details) }));
}

function providerOf(details: unknown): string | null {
  const provider = (details as { provider?: unknown } | null)?.provider;
  return typeof provider === "string" ? provider : null;
}
