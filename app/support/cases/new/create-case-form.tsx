"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField, SelectField } from "@/components/form-field";
import { TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { AttachmentField, type KeptFileEntry } from "@/components/attachment-field";
import { attachmentWords, type AttachmentLimits } from "@/components/attachment-words";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { createCaseAction, type CaseField } from "./actions";

/** restored: a case kept when the session ended (issue 26), back in the form with its files for one press to send. */
export function CreateCaseForm({
  categories,
  limits,
  restored,
}: {
  categories: ReadonlyArray<{ value: string; label: string }>;
  limits: AttachmentLimits;
  restored?: { subject: string; category: string; description: string; files?: KeptFileEntry[] };
}) {
  const [state, action] = useActionState<FormState<CaseField>, FormData>(createCaseAction, idleForm);
  const t = useTranslations("cases");
  const focus = fieldToFocus(state, ["subject", "category", "description", "files"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="create-case-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="create-case-form" fieldIds={{ files: "case-files" }} />
      <FormField
        id="subject"
        name="subject"
        label={t("subject")}
        required
        maxLength={120}
        defaultValue={state.values?.subject ?? restored?.subject}
        error={errors.subject}
        autoFocus={focus === "subject"}
      />
      <SelectField
        id="category"
        name="category"
        label={t("category")}
        required
        options={categories}
        placeholder={t("chooseCategory")}
        defaultValue={state.values?.category ?? restored?.category ?? ""}
        error={errors.category}
        autoFocus={focus === "category"}
      />
      <TextAreaField
        id="description"
        name="description"
        label={t("description")}
        required
        maxLength={5000}
        hint={t("descriptionHint")}
        defaultValue={state.values?.description ?? restored?.description}
        error={errors.description}
        autoFocus={focus === "description"}
      />
      <AttachmentField id="case-files" words={attachmentWords(t, limits)} error={errors.files} maxFiles={limits.maxFiles} sendAhead kept={restored?.files} />
      <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
    </form>
  );
}
