import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/current-customer";
import { isStaff } from "@/lib/staff/access";
import { ActivitySection } from "./activity-section";
import { AlertsSection } from "./alerts-section";
import { DevicesSection } from "./devices-section";
import { ExternalAccountsSection, hasExternalAccountsSection } from "./external-accounts-section";
import { PasswordSection } from "./password-section";
import { ProfileSection } from "./profile-section";
import { StaffMailSection } from "./staff-mail-section";
import { TimeZoneSection } from "./time-zone-section";
import { TwoStepSection } from "./two-step-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

type AccountPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Only the portal's own messages are shown: the query names one of a known list, it never carries text (issue 11). */
function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return allowed.find((item) => item === value) ?? null;
}

/**
 * The account page (issue 30): one page of sections with a table of contents — beside them from
 * 1024 px, above them on narrower screens — so each section is one jump away and every no-JavaScript
 * form still comes back to /account with its notice. Each fact is shown once: name and phone in
 * their fields, username and email as text.
 */
export default async function AccountPage({ searchParams }: AccountPageProps) {
  const { customer, session } = await requireCustomer("/account");
  const params = await searchParams;
  const t = await getTranslations();
  const staff = isStaff(customer);
  const contents = [
    { id: "profile-heading", label: t("account.detailsHeading") },
    { id: "time-zone-heading", label: t("account.timeZone.heading") },
    ...((await hasExternalAccountsSection(customer.id)) ? [{ id: "external-heading", label: t("account.externalHeading") }] : []),
    { id: "password-heading", label: t(customer.passwordHash !== null ? "account.changePasswordHeading" : "account.setPasswordHeading") },
    { id: "two-step-heading", label: t("twoStep.account.heading") },
    { id: "alerts-heading", label: t("accountSecurity.alerts.heading") },
    ...(staff ? [{ id: "staff-mail-heading", label: t("account.staffMail.heading") }] : []),
    { id: "devices-heading", label: t("accountSecurity.devices.heading") },
    { id: "activity-heading", label: t("accountSecurity.activity.heading") },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      <div className="grid gap-6 lg:grid-cols-[14rem_minmax(0,1fr)] lg:items-start">
        <nav aria-labelledby="account-contents-heading" className="card lg:sticky lg:top-4">
          <h2 id="account-contents-heading" className="mb-2 font-semibold">
            {t("account.contents")}
          </h2>
          <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-1">
            {contents.map((item) => (
              <li key={item.id}>
                <a href={`#${item.id}`} className="inline-block py-1">
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 space-y-6">
          <ProfileSection customer={customer} saved={params.details === "saved"} />
          <TimeZoneSection customer={customer} saved={params["time-zone"] === "saved"} />
          <ExternalAccountsSection customerId={customer.id} refused={oneOf(params.refused, ["last_method", "not_connected"] as const)} />
          <PasswordSection customer={customer} notice={oneOf(params.password, ["changed", "link-sent"] as const)} />
          <TwoStepSection customer={customer} done={params["two-step"]} />
          <AlertsSection customer={customer} saved={params.alerts === "saved"} />
          {staff && <StaffMailSection customer={customer} saved={params["staff-mail"] === "saved"} />}
          <DevicesSection customerId={customer.id} session={session} notice={oneOf(params.device, ["signed-out", "others-signed-out", "not-found"] as const)} />
          <ActivitySection customerId={customer.id} />
        </div>
      </div>
    </div>
  );
}
