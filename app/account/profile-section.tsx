import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Notice } from "@/components/notice";
import { formatPhoneNumber } from "@/lib/account/phone";
import { displayName } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import type { Customer } from "@/lib/db/schema";
import { countryName } from "@/lib/i18n/country-name";
import { ProfileForm } from "./profile-form";

/** The account's details: name and phone are the customer's to edit; username fixed; email on its own screen. */
export async function ProfileSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("account");
  const phoneHint = t("phoneHint", { country: await countryName(config().phoneDefaultCountry) });
  return (
    <section aria-labelledby="profile-heading" className="card space-y-4">
      <h1 id="profile-heading" className="text-2xl font-bold">
        {t("title")}
      </h1>
      {saved && <Notice tone="success">{t("detailsSaved")}</Notice>}
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("name")}</dt>
        <dd>{displayName(customer)}</dd>
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
        <dt className="font-semibold">{t("phone")}</dt>
        <dd>{customer.phone ? formatPhoneNumber(customer.phone) : t("notGiven")}</dd>
      </dl>
      <h2 className="pt-2 text-xl font-semibold">{t("detailsHeading")}</h2>
      <ProfileForm name={customer.name ?? ""} phone={customer.phone ? formatPhoneNumber(customer.phone) : ""} phoneHint={phoneHint} />
    </section>
  );
}
