"use client";

import { useActionState } from "react";
import { FormField, SelectField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { makeCaseAction, type MakeCaseField } from "./actions";

type MakeCaseFormProps = {
  messageId: number;
  categories: ReadonlyArray<{ value: string; label: string }>;
  labels: { subject: string; category: string; chooseCategory: string; submit: string };
};

/** A subject and a category for the case a Contact us message becomes (its text is the description). Words come from the staff page. */
export function MakeCaseForm({ messageId, categories, labels }: MakeCaseFormProps) {
  const [state, action] = useActionState<FormState<MakeCaseField>, FormData>(makeCaseAction, idleForm);
  const focus = fieldToFocus(state, ["subject", "category"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="make-case-form" action={action} className="space-y-4" noValidate>
      <FormMessage state={state} formId="make-case-form" fieldIds={{ subject: "case-subject", category: "case-category" }} />
      <input type="hidden" name="message" value={messageId} />
      <FormField id="case-subject" name="subject" label={labels.subject} required maxLength={120} defaultValue={state.values?.subject} error={errors.subject} autoFocus={focus === "subject"} />
      <SelectField
        id="case-category"
        name="category"
        label={labels.category}
        required
        options={categories}
        placeholder={labels.chooseCategory}
        defaultValue={state.values?.category ?? ""}
        error={errors.category}
        autoFocus={focus === "category"}
      />
      <SubmitButton>{labels.submit}</SubmitButton>
    </form>
  );
}
