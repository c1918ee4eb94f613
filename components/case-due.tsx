import { getTranslations } from "next-intl/server";
import { HOUR, MINUTE } from "@/lib/clock";
import { readerTimes } from "@/i18n/reader-times";
import type { CasePriority } from "@/lib/support/response-targets";

// Issue 27: "soon" is the last working hour before a case is due.
const SOON_MS = HOUR;

const priorityTones: Record<CasePriority, string> = {
  low: "bg-slate-200 text-slate-800",
  normal: "bg-brand-100 text-brand-900",
  high: "bg-amber-100 text-amber-900",
  urgent: "bg-danger-100 text-danger-700",
};

/** A case's priority, in the staff member's words. */
export async function CasePriorityBadge({ priority }: { priority: CasePriority }) {
  const t = await getTranslations("staff.priority");
  return <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${priorityTones[priority]}`}>{t(priority)}</span>;
}

/** "3 h", "20 min", "2 d": how far a due time is, rounded the way a glance needs it. */
export function dueDistance(ms: number): { unit: "minutes" | "hours" | "days"; count: number } {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / MINUTE));
  if (minutes < 60) return { unit: "minutes", count: minutes };
  const hours = Math.round(minutes / 60);
  return hours < 48 ? { unit: "hours", count: hours } : { unit: "days", count: Math.round(hours / 24) };
}

/**
 * Issue 27: "due in 3 h" / "overdue by 20 min". The colour follows the due time, not how long the
 * customer has waited: calm while there is time, amber in the last hour, red once overdue.
 */
export async function CaseDue({ dueAt, now }: { dueAt: Date; now: Date }) {
  const t = await getTranslations("staff.due");
  const left = dueAt.getTime() - now.getTime();
  const { unit, count } = dueDistance(left);
  const amount = t(unit, { count });
  // Issue 26: the exact due time, in the agent's zone, in its tooltip.
  const times = await readerTimes();
  const tone = left < 0 ? "bg-danger-100 text-danger-700" : left <= SOON_MS ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-800";
  return (
    <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${tone}`} data-due={left < 0 ? "overdue" : left <= SOON_MS ? "soon" : "later"}>
      <time dateTime={dueAt.toISOString()} title={times.time(dueAt)}>
        {left < 0 ? t("overdueBy", { amount }) : t("dueIn", { amount })}
      </time>
    </span>
  );
}
