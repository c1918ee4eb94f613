import { addBusinessMinutes, type BusinessHours } from "@/lib/support/business-hours";

/**
 * Issue 27: how soon the support team answers, by priority. A first-response target counts from
 * the case's creation until the team's first reply; a next-response target from a customer's
 * reply that finds nobody waiting until the team answers again. Both are working time in
 * SUPPORT_HOURS (lib/support/business-hours.ts). Pure: config.ts reads the setting through here.
 */

/** Set by staff only; customers choose nothing. Stored as these codes, most urgent last. */
export const casePriorities = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = (typeof casePriorities)[number];

export type ResponseTarget = { firstMinutes: number; nextMinutes: number };
export type ResponseTargets = Record<CasePriority, ResponseTarget>;

/** The default: "two working days" (two 10-hour days) is what the portal promises for a normal case's first answer. */
export const DEFAULT_RESPONSE_TARGETS = "urgent=1h/2h high=4h/8h normal=20h/20h low=40h/40h";

function duration(text: string): number {
  const match = /^(\d{1,4})(m|h)$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new Error(`"${text}" is not a duration in working time (e.g. 30m or 4h)`);
  return Number(match[1]) * (match[2] === "h" ? 60 : 1);
}

/** Reads "urgent=1h/2h high=4h/8h normal=20h/20h low=40h/40h" (first/next, every priority once). */
export function parseResponseTargets(text: string): ResponseTargets {
  const targets: Partial<ResponseTargets> = {};
  for (const entry of text.trim().split(/[\s,]+/)) {
    const match = /^([a-z]+)=([^/]+)\/(.+)$/.exec(entry);
    if (!match) throw new Error(`"${entry}" is not priority=first/next (e.g. high=4h/8h)`);
    const priority = match[1] as CasePriority;
    if (!casePriorities.includes(priority)) throw new Error(`"${match[1]}" is not a priority (${casePriorities.join(", ")})`);
    if (targets[priority]) throw new Error(`${priority} is given twice`);
    targets[priority] = { firstMinutes: duration(match[2]), nextMinutes: duration(match[3]) };
  }
  const missing = casePriorities.filter((priority) => !targets[priority]);
  if (missing.length > 0) throw new Error(`no target for ${missing.join(", ")}`);
  return targets as ResponseTargets;
}

/**
 * When the team owes an answer to a customer waiting since `since`: the priority's first-response
 * target until the team has answered once, the next-response target after that.
 */
export function responseDue(priority: CasePriority, since: Date, answeredBefore: boolean, targets: ResponseTargets, hours: BusinessHours): Date {
  const target = targets[priority];
  return addBusinessMinutes(since, answeredBefore ? target.nextMinutes : target.firstMinutes, hours);
}
