import { getTranslations } from "next-intl/server";
import { caseStatusKeys, type SupportCase } from "@/lib/db/schema";

const tones: Record<SupportCase["status"], string> = {
  open: "bg-brand-100 text-brand-900",
  "in progress": "bg-amber-100 text-amber-900",
  "waiting for you": "bg-danger-100 text-danger-700",
  closed: "bg-slate-200 text-slate-800",
};

/** A case's status in the reader's words: the customer's ("waiting for you"), or the support team's. */
export async function CaseStatus({ status, forStaff = false }: { status: SupportCase["status"]; forStaff?: boolean }) {
  const t = await getTranslations(forStaff ? "staff.status" : "cases.status");
  return <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${tones[status]}`}>{t(caseStatusKeys[status])}</span>;
}
