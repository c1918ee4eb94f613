import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { attachmentWords } from "@/components/attachment-words";
import { keptFiles } from "@/components/kept-file-boxes";
import { Notice } from "@/components/notice";
import { requireCustomer } from "@/lib/auth/current-customer";
import { attachmentLimits } from "@/lib/support/attachments/attachments";
import { caseCategories } from "@/lib/support/cases";
import { takeDraft } from "@/lib/support/kept-drafts";
import { CreateCaseForm } from "./create-case-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cases"))("create") };
}

export default async function CreateCasePage() {
  const { customer } = await requireCustomer("/support/cases/new");
  // Issue 26: a case typed before the session ended, offered once (D1–D4).
  const kept = await takeDraft(customer.id, { kind: "case" });
  const t = await getTranslations("cases");
  const restored =
    kept?.kind === "case" ? { subject: kept.subject, category: kept.category, description: kept.description, files: keptFiles(t("keptFiles"), kept.files) } : undefined;
  const categories = caseCategories.map((code) => ({ value: code, label: t(`categories.${code}`) }));
  const limits = attachmentLimits();
  return (
    <section aria-labelledby="case-heading" className="card mx-auto max-w-2xl">
      <h1 id="case-heading" className="mb-2 text-2xl font-bold">
        {t("create")}
      </h1>
      <p className="mb-5">{t("createIntro")}</p>
      {restored && (
        <Notice tone="info" className="mb-4">
          {t(restored.files ? "restoredCaseWithFiles" : "restoredCase")}
          {kept?.filesDropped && ` ${t("keptFilesDropped")}`}
        </Notice>
      )}
      <CreateCaseForm
        categories={categories}
        words={{ subject: t("subject"), category: t("category"), chooseCategory: t("chooseCategory"), description: t("description"), descriptionHint: t("descriptionHint") }}
        files={{ words: attachmentWords(t, limits, await getLocale()), maxFiles: limits.maxFiles }}
        restored={restored}
      />
    </section>
  );
}
