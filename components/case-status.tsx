import { getTranslations } from "next-intl/server";
import type { SupportCase } from "@/lib/db/schema";

const tones: Record<SupportCase["status"], string> = {
  open: "bg-brand-100 text-brand-900",
  "in progress": "bg-amber-100 text-amber-900",
  "waiting for you": "bg-danger-100 text-danger-700",
  closed: "bg-slate-200 text-slate-800",
};

/** The catalog's key for each status (the stored value is the English name). */
export const statusKeys = { open: "open", "in progress": "inProgress", "waiting for you": "waitingForYou", closed: "closed" } as const;

export async function CaseStatus({ status }: { status: SupportCase["status"] }) {
  const t = await getTranslations("cases.status");
  return <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${tones[status]}`}>{t(statusKeys[status])}</span>;
}
