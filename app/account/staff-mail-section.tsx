import { getTranslations } from "next-intl/server";
import type { Customer } from "@/lib/db/schema";
import { saveStaffMailAction } from "./actions";
import { MailChoicesSection } from "./mail-choices-section";

const choices = ["notifyNewWork", "notifyAssignments", "notifyCustomerReplies"] as const;

/** Issue 27: which of the support team's mails a staff member receives. Shown to staff only. */
export async function StaffMailSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("account.staffMail");
  return (
    <MailChoicesSection
      headingId="staff-mail-heading"
      heading={t("heading")}
      intro={t("intro")}
      savedNotice={saved ? t("saved") : undefined}
      action={saveStaffMailAction}
      choices={choices.map((choice) => ({ name: choice, label: t(choice), checked: customer[choice] }))}
      saveLabel={t("save")}
    />
  );
}
