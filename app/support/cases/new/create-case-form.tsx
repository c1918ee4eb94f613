"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField, SelectField } from "@/components/form-field";
import { TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { AttachmentField } from "@/components/attachment-field";
import { attachmentWords, type AttachmentLimits } from "@/components/attachment-words";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { createCaseAction, type CaseField } from "./actions";

export function CreateCaseForm({ categories, limits }: { categories: ReadonlyArray<{ value: string; label: string }>; limits: AttachmentLimits }) {
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
        defaultValue={state.values?.subject}
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
        defaultValue={state.values?.category ?? ""}
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
        defaultValue={state.values?.description}
        error={errors.description}
        autoFocus={focus === "description"}
      />
      <AttachmentField id="case-files" words={attachmentWords(t, limits)} error={errors.files} maxFiles={limits.maxFiles} />
      <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
    </form>
  );
}
