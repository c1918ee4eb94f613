import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/current-customer";
import { attachmentLimits } from "@/lib/support/attachments/attachments";
import { caseCategories } from "@/lib/support/cases";
import { CreateCaseForm } from "./create-case-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cases"))("create") };
}

export default async function CreateCasePage() {
  await requireCustomer("/support/cases/new");
  const t = await getTranslations("cases");
  const categories = caseCategories.map((code) => ({ value: code, label: t(`categories.${code}`) }));
  return (
    <section aria-labelledby="case-heading" className="card mx-auto max-w-2xl">
      <h1 id="case-heading" className="mb-2 text-2xl font-bold">
        {t("create")}
      </h1>
      <p className="mb-5">{t("createIntro")}</p>
      <CreateCaseForm categories={categories} limits={attachmentLimits()} />
    </section>
  );
}
