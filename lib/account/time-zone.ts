import { recordAudit } from "@/lib/audit";
import { setTimeZone } from "@/lib/customers/customers";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { isTimeZone } from "@/lib/i18n/times";

/**
 * Issue 26: the time zone a customer reads times in, chosen on /account. Empty means "my
 * browser's" (i18n/reader-times.ts); anything else must be a zone this server knows.
 */
export type TimeZoneOutcome = { ok: true; timeZone: string | null } | { ok: false; problem: "unknown" };

export async function saveTimeZone(customer: Customer, input: string, meta: RequestMeta): Promise<TimeZoneOutcome> {
  const given = input.trim();
  const timeZone = given === "" ? null : given;
  if (timeZone !== null && !isTimeZone(timeZone)) return { ok: false, problem: "unknown" };
  if (timeZone !== customer.timeZone) {
    await setTimeZone(customer.id, timeZone);
    await recordAudit({ event: "time_zone_changed", customerId: customer.id, meta, details: { timeZone } });
  }
  return { ok: true, timeZone };
}
