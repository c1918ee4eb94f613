"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { CaseFields, type CaseFieldWords } from "@/components/case-fields";
import { AttachmentField, type AttachmentFieldWords, type KeptFiles } from "@/components/attachment-field";
import { SubmitButton } from "@/components/submit-button";
import { createCaseAction } from "./actions";

/**
 * restored: a case kept when the session ended (issue 26), back in the form with its files for one press to send.
 * words, files: the fields' and the attachment field's words, made on the server (issue 25: their code stays off the page).
 */
export function CreateCaseForm({
  categories,
  words,
  files,
  restored,
}: {
  categories: ReadonlyArray<{ value: string; label: string }>;
  words: CaseFieldWords;
  files: { words: AttachmentFieldWords; maxFiles: number };
  restored?: { subject: string; category: string; description: string; files?: KeptFiles };
}) {
  const form = useActionForm(createCaseAction, ["subject", "category", "description", "files"]);
  const t = useTranslations("cases");
  const { values, errors } = form;
  return (
    <ActionForm id="create-case-form" form={form} fieldIds={{ files: "case-files" }}>
      <CaseFields
        idPrefix=""
        categories={categories}
        words={words}
        values={{ subject: values.subject ?? restored?.subject, category: values.category ?? restored?.category, description: values.description ?? restored?.description }}
        errors={errors}
        focus={form.focus}
      />
      <AttachmentField id="case-files" words={files.words} error={errors.files} maxFiles={files.maxFiles} sendAhead kept={restored?.files} />
      <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
    </ActionForm>
  );
}
