import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/current-customer";
import { isStaff } from "@/lib/staff/access";
import { ActivitySection } from "./activity-section";
import { AlertsSection } from "./alerts-section";
import { DevicesSection } from "./devices-section";
import { ExternalAccountsSection } from "./external-accounts-section";
import { PasswordSection } from "./password-section";
import { ProfileSection } from "./profile-section";
import { StaffMailSection } from "./staff-mail-section";
import { TwoStepSection } from "./two-step-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

type AccountPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Only the portal's own messages are shown: the query names one of a known list, it never carries text (issue 11). */
function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return allowed.find((item) => item === value) ?? null;
}

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const { customer, session } = await requireCustomer("/account");
  const params = await searchParams;
  return (
    <div className="space-y-6">
      <ProfileSection customer={customer} saved={params.details === "saved"} />
      <ExternalAccountsSection customerId={customer.id} refused={oneOf(params.refused, ["last_method", "not_connected"] as const)} />
      <PasswordSection customer={customer} notice={oneOf(params.password, ["changed", "link-sent"] as const)} />
      <TwoStepSection customer={customer} done={params["two-step"]} />
      <AlertsSection customer={customer} saved={params.alerts === "saved"} />
      {isStaff(customer) && <StaffMailSection customer={customer} saved={params["staff-mail"] === "saved"} />}
      <DevicesSection customerId={customer.id} session={session} notice={oneOf(params.device, ["signed-out", "others-signed-out", "not-found"] as const)} />
      <ActivitySection customerId={customer.id} />
    </div>
  );
}
