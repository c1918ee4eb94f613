import { getTranslations } from "next-intl/server";
import type { Customer } from "@/lib/db/schema";
import { saveAlertsAction } from "./actions";
import { MailChoicesSection } from "./mail-choices-section";

/** Security alerts (issue 16): only the new-browser mail can be turned off. */
export async function AlertsSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("accountSecurity.alerts");
  return (
    <MailChoicesSection
      headingId="alerts-heading"
      heading={t("heading")}
      intro={t("intro")}
      savedNotice={saved ? t("saved") : undefined}
      action={saveAlertsAction}
      choices={[{ name: "newBrowser", label: t("newBrowser"), checked: customer.newBrowserAlerts }]}
      saveLabel={t("save")}
    />
  );
}
