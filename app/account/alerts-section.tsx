import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/notice";
import type { Customer } from "@/lib/db/schema";
import { saveAlertsAction } from "./actions";

/** Security alerts (issue 16): only the new-browser mail can be turned off. */
export async function AlertsSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("accountSecurity.alerts");
  return (
    <section aria-labelledby="alerts-heading" className="card space-y-4">
      <h2 id="alerts-heading" className="text-xl font-semibold">
        {t("heading")}
      </h2>
      {saved && <Notice tone="success">{t("saved")}</Notice>}
      <p>{t("intro")}</p>
      <form action={saveAlertsAction} className="space-y-4">
        <div className="flex items-start gap-3">
          <input id="newBrowser" name="newBrowser" type="checkbox" defaultChecked={customer.newBrowserAlerts} className="mt-1 size-5" />
          <label htmlFor="newBrowser">{t("newBrowser")}</label>
        </div>
        <button type="submit" className="button-secondary">
          {t("save")}
        </button>
      </form>
    </section>
  );
}
