import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/current-customer";
import { RenewRecoveryCodesForm } from "./renew-form";
import { CardPage } from "@/components/card-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoStep.recoveryCodes"))("title") };
}

/** New recovery codes: every earlier one stops working, and the new ones are shown once. */
export default async function RecoveryCodesPage() {
  await requireCustomer("/account/two-step/recovery-codes");
  const t = await getTranslations("twoStep.recoveryCodes");
  return (
    <CardPage headingId="renew-heading" heading={t("title")} gap={4}>
      <RenewRecoveryCodesForm />
    </CardPage>
  );
}
