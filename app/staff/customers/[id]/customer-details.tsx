import { getTranslations } from "next-intl/server";
import { AccountState } from "@/components/account-state";
import { CardSection } from "@/components/card-section";
import { formatPhoneNumber } from "@/lib/account/phone";
import type { Customer } from "@/lib/db/schema";
import { readerTimes } from "@/i18n/reader-times";

/** The customer's record as the support team sees it: who they are, how to reach them, and the state of their account. */
export async function CustomerDetails({ customer }: { customer: Customer }) {
  const t = await getTranslations("staff.customer");
  const roleWords = await getTranslations("staff.roles");
  const times = await readerTimes();
  return (
    <CardSection headingId="details-heading" heading={t("details")}>
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("username")}</dt>
        <dd className="break-all">{customer.username}</dd>
        <dt className="font-semibold">{t("name")}</dt>
        <dd>{customer.name ?? t("none")}</dd>
        <dt className="font-semibold">{t("email")}</dt>
        <dd className="break-all">
          {customer.email} {customer.emailVerified === null && t("unconfirmed")}
        </dd>
        <dt className="font-semibold">{t("phone")}</dt>
        <dd>{customer.phone ? formatPhoneNumber(customer.phone) : t("none")}</dd>
        <dt className="font-semibold">{t("role")}</dt>
        <dd>{roleWords(customer.role)}</dd>
        <dt className="font-semibold">{t("state")}</dt>
        <dd>
          <AccountState customer={customer} />
        </dd>
        <dt className="font-semibold">{t("failures")}</dt>
        <dd>{customer.failedSignIns}</dd>
        <dt className="font-semibold">{t("password")}</dt>
        <dd>{customer.passwordHash ? t("passwordSet") : t("passwordNotSet")}</dd>
        <dt className="font-semibold">{t("created")}</dt>
        <dd>{times.time(customer.createdAt)}</dd>
        <dt className="font-semibold">{t("lastSignIn")}</dt>
        <dd>{customer.lastSignInAt ? times.time(customer.lastSignInAt) : t("never")}</dd>
      </dl>
    </CardSection>
  );
}
