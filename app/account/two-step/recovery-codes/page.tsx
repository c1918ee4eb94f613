import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/current-customer";
import { RenewRecoveryCodesForm } from "./renew-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoStep.recoveryCodes"))("title") };
}

/** New recovery codes: every earlier one stops working, and the new ones are shown once. */
export default async function RecoveryCodesPage() {
  await requireCustomer("/account/two-step/recovery-codes");
  const t = await getTranslations("twoStep.recoveryCodes");
  return (
    <section aria-labelledby="renew-heading" className="card mx-auto max-w-xl space-y-4">
      <h1 id="renew-heading" className="text-2xl font-bold">
        {t("title")}
      </h1>
      <RenewRecoveryCodesForm />
    </section>
  );
}
