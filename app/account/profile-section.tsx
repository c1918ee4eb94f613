import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import { formatPhoneNumber } from "@/lib/account/phone";
import { config } from "@/lib/config";
import type { Customer } from "@/lib/db/schema";
import { countryName } from "@/lib/i18n/country-name";
import { ProfileForm } from "./profile-form";

/**
 * The account's details, each shown once (issue 30): username and email as text (the username is
 * fixed; the email changes on its own screen), name and phone in the fields that edit them.
 */
export async function ProfileSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("account");
  const phoneHint = t("phoneHint", { country: await countryName(config().phoneDefaultCountry) });
  return (
    <CardSection headingId="profile-heading" heading={t("detailsHeading")} gap={4}>
      {saved && <Notice tone="success">{t("detailsSaved")}</Notice>}
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("username")}</dt>
        <dd>
          {customer.username}
          <span className="block text-sm text-slate-700">{t("usernameFixed")}</span>
        </dd>
        <dt className="font-semibold">{t("email")}</dt>
        <dd className="break-all">
          <span>{customer.email}</span>{" "}
          <Link href="/account/email" className="whitespace-nowrap underline">
            {t("changeEmailLink")}
          </Link>
        </dd>
      </dl>
      <ProfileForm name={customer.name ?? ""} phone={customer.phone ? formatPhoneNumber(customer.phone) : ""} phoneHint={phoneHint} />
    </CardSection>
  );
}
