import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/notice";
import type { Customer } from "@/lib/db/schema";
import { saveStaffMailAction } from "./actions";

const choices = ["notifyNewWork", "notifyAssignments", "notifyCustomerReplies"] as const;

/** Issue 27: which of the support team's mails a staff member receives. Shown to staff only. */
export async function StaffMailSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("account.staffMail");
  return (
    <section aria-labelledby="staff-mail-heading" className="card space-y-4">
      <h2 id="staff-mail-heading" className="text-xl font-semibold">
        {t("heading")}
      </h2>
      {saved && <Notice tone="success">{t("saved")}</Notice>}
      <p>{t("intro")}</p>
      <form action={saveStaffMailAction} className="space-y-4">
        {choices.map((choice) => (
          <div key={choice} className="flex items-start gap-3">
            <input id={choice} name={choice} type="checkbox" defaultChecked={customer[choice]} className="mt-1 size-5" />
            <label htmlFor={choice}>{t(choice)}</label>
          </div>
        ))}
        <button type="submit" className="button-secondary">
          {t("save")}
        </button>
      </form>
    </section>
  );
}
