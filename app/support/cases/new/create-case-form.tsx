"use client";

import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { idleForm, type FormState } from "@/lib/form-state";
import { createCaseAction, type CaseField } from "./actions";

export function CreateCaseForm({ categories }: { categories: readonly string[] }) {
  const [state, action] = useActionState<FormState<CaseField>, FormData>(createCaseAction, idleForm);
  const errors = state.fieldErrors ?? {};
  const described = (field: CaseField, hint?: boolean) => [hint ? `${field}-hint` : null, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;
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
        autoFocus={Boolean(errors.subject)}
      />
      <div className="space-y-1">
        <div className="flex gap-1 font-semibold">
          <span aria-hidden="true" className="text-danger-700">
            *
          </span>
          <label htmlFor="category">Category</label>
        </div>
        <select
          id="category"
          name="category"
          required
          className="text-input"
          defaultValue={state.values?.category ?? ""}
          aria-invalid={errors.category ? true : undefined}
          aria-describedby={described("category")}
          autoFocus={!errors.subject && Boolean(errors.category)}
        >
          <option value="" disabled>
            Choose a category
          </option>
          {categories.map((category) => (
            <option key={category}>{category}</option>
          ))}
        </select>
        {errors.category && (
          <p id="category-error" className="text-sm font-semibold text-danger-700">
            {errors.category}
          </p>
        )}
      </div>
      <div className="space-y-1">
        <div className="flex gap-1 font-semibold">
          <span aria-hidden="true" className="text-danger-700">
            *
          </span>
          <label htmlFor="description">Description</label>
        </div>
        <textarea
          id="description"
          name="description"
          required
          rows={6}
          maxLength={5000}
          className="text-input"
          defaultValue={state.values?.description}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={described("description", true)}
          autoFocus={!errors.subject && !errors.category && Boolean(errors.description)}
        />
        <p id="description-hint" className="text-sm text-slate-600">
          What happened, when, and your account number if you have it.
        </p>
        {errors.description && (
          <p id="description-error" className="text-sm font-semibold text-danger-700">
            {errors.description}
          </p>
        )}
      </div>
      <SubmitButton>Create Case</SubmitButton>
    </form>
  );
}
