"use client";

import { useActionState } from "react";
import { FormField, SelectField, TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { createCaseAction, type CaseField } from "./actions";

export function CreateCaseForm({ categories }: { categories: readonly string[] }) {
  const [state, action] = useActionState<FormState<CaseField>, FormData>(createCaseAction, idleForm);
  const focus = fieldToFocus(state, ["subject", "category", "description"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="create-case-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="create-case-form" />
      <FormField
        id="subject"
        name="subject"
        label="Subject"
        required
        maxLength={120}
        defaultValue={state.values?.subject}
        error={errors.subject}
        autoFocus={focus === "subject"}
      />
      <SelectField
        id="category"
        name="category"
        label="Category"
        required
        options={categories}
        placeholder="Choose a category"
        defaultValue={state.values?.category ?? ""}
        error={errors.category}
        autoFocus={focus === "category"}
      />
      <TextAreaField
        id="description"
        name="description"
        label="Description"
        required
        maxLength={5000}
        hint="What happened, when, and your account number if you have it."
        defaultValue={state.values?.description}
        error={errors.description}
        autoFocus={focus === "description"}
      />
      <SubmitButton>Create Case</SubmitButton>
    </form>
  );
}
