import { getTranslations } from "next-intl/server";
import { now } from "@/lib/clock";
import type { Customer } from "@/lib/db/schema";
import { readerTimes } from "@/i18n/reader-times";

/** Whether a customer can sign in: disabled, blocked after 100 failures, locked until a time, or active. */
export async function AccountState({ customer }: { customer: Pick<Customer, "disabled" | "passwordSignInBlocked" | "lockedUntil"> }) {
  const t = await getTranslations("staff.accountState");
  const times = await readerTimes();
  const [tone, text] = customer.disabled
    ? ["bg-slate-200 text-slate-800", t("disabled")]
    : customer.passwordSignInBlocked
      ? ["bg-danger-100 text-danger-700", t("blocked")]
      : customer.lockedUntil && customer.lockedUntil > now()
        ? ["bg-danger-100 text-danger-700", t("locked", { until: times.time(customer.lockedUntil) })]
        : ["bg-success-100 text-success-700", t("active")];
  return <span className={`rounded-full px-2 py-0.5 font-semibold ${tone}`}>{text}</span>;
}
