import { getTranslations } from "next-intl/server";
import { caseStatusKeys, type SupportCase } from "@/lib/db/schema";

const tones: Record<SupportCase["status"], string> = {
  open: "bg-brand-100 text-brand-900",
  "in progress": "bg-amber-100 text-amber-900",
  "waiting for you": "bg-danger-100 text-danger-700",
  closed: "bg-slate-200 text-slate-800",
};

/**
 * A case's status chip, for customers and the support team alike: the same words, capitalised as
 * a label (the customers' catalog, `cases.status`). One status is named from the reader's side:
 * a case waiting for the customer says "Waiting for you" to the customer and "Waiting for the
 * customer" to the team, since "you" would name the agent.
 */
export async function CaseStatus({ status, forStaff = false }: { status: SupportCase["status"]; forStaff?: boolean }) {
  const t = await getTranslations(forStaff && status === "waiting for you" ? "staff.status" : "cases.status");
  return <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-sm font-semibold ${tones[status]}`}>{t(caseStatusKeys[status])}</span>;
}
