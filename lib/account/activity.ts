import { auditEventsOf, customerVisibleEvents, type CustomerVisibleEvent } from "@/lib/audit";
import { DAY, now } from "@/lib/clock";

/**
 * Issue 16: "Recent security activity" on /account — the customer's own security events of the last
 * 30 days from the audit log: the events lib/audit.ts marks as shown to the customer.
 */
export const ACTIVITY_DAYS = 30;

export type ActivityEntry = Awaited<ReturnType<typeof recentActivity>>[number];

export async function recentActivity(customerId: string) {
  const since = new Date(now().getTime() - ACTIVITY_DAYS * DAY);
  const rows = await auditEventsOf(customerId, customerVisibleEvents, since);
  // Of the details only what the page words: the provider of an external account, who acted.
  return rows.map((row) => ({ id: row.id, at: row.at, event: row.event as CustomerVisibleEvent, ip: row.ip, userAgent: row.userAgent, provider: providerOf(row.details) }));
}

function providerOf(details: unknown): string | null {
  const provider = (details as { provider?: unknown } | null)?.provider;
  return typeof provider === "string" ? provider : null;
}
