"use client";

import { useActionState } from "react";
import { FormField, SelectField, TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { changeEmailAction, correctDetailsAction, openCaseAction, type ChangeEmailField, type CorrectDetailsField, type OpenCaseField } from "./actions";

type Options = ReadonlyArray<{ value: string; label: string }>;

/** Words from the staff page (server-side), so the staff catalog never travels to customers' browsers. */
export type OpenCaseWords = Record<"caseSubject" | "caseCategory" | "chooseCategory" | "caseDescription" | "caseDescriptionHint" | "casePriority" | "choosePriority" | "openCase", string>;
export type CorrectDetailsWords = Record<"name" | "phone" | "phoneHint" | "saveDetails", string>;
export type ChangeEmailWords = Record<"newEmail" | "newEmailHint" | "changeEmail", string>;

/** Issue 27: a case opened for the customer — subject, kind, what they said, and the priority. */
export function OpenCaseForm({ customerId, categories, priorities, words: t }: { customerId: string; categories: Options; priorities: Options; words: OpenCaseWords }) {
  const [state, action] = useActionState<FormState<OpenCaseField>, FormData>(openCaseAction, idleForm);
  const focus = fieldToFocus(state, ["subject", "category", "description", "priority"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="open-case-form" action={action} className="space-y-4" noValidate>
      <FormMessage state={state} formId="open-case-form" />
      <input type="hidden" name="customer" value={customerId} />
      <FormField id="open-case-subject" name="subject" label={t.caseSubject} required maxLength={120} defaultValue={state.values?.subject} error={errors.subject} autoFocus={focus === "subject"} />
      <SelectField
        id="open-case-category"
        name="category"
        label={t.caseCategory}
        required
        options={categories}
        placeholder={t.chooseCategory}
        defaultValue={state.values?.category ?? ""}
        error={errors.category}
        autoFocus={focus === "category"}
      />
      <TextAreaField
        id="open-case-description"
        name="description"
        label={t.caseDescription}
        hint={t.caseDescriptionHint}
        required
        maxLength={5000}
        defaultValue={state.values?.description}
        error={errors.description}
        autoFocus={focus === "description"}
      />
      <SelectField
        id="open-case-priority"
        name="priority"
        label={t.casePriority}
        required
        options={priorities}
        placeholder={t.choosePriority}
        defaultValue={state.values?.priority ?? "normal"}
        error={errors.priority}
        autoFocus={focus === "priority"}
      />
      <SubmitButton>{t.openCase}</SubmitButton>
    </form>
  );
}

/** Issue 27: the customer's name and phone number, corrected by an agent. */
export function CorrectDetailsForm({ customerId, name, phone, words: t }: { customerId: string; name: string; phone: string; words: CorrectDetailsWords }) {
  const [state, action] = useActionState<FormState<CorrectDetailsField>, FormData>(correctDetailsAction, idleForm);
  const focus = fieldToFocus(state, ["name", "phone"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="correct-details-form" action={action} className="space-y-4" noValidate>
      <FormMessage state={state} formId="correct-details-form" />
      <input type="hidden" name="customer" value={customerId} />
      <FormField id="customer-name" name="name" label={t.name} autoComplete="off" maxLength={100} defaultValue={state.values?.name ?? name} error={errors.name} autoFocus={focus === "name"} />
      <FormField
        id="customer-phone"
        name="phone"
        type="tel"
        label={t.phone}
        autoComplete="off"
        inputMode="tel"
        maxLength={32}
        hint={t.phoneHint}
        defaultValue={state.values?.phone ?? phone}
        error={errors.phone}
        autoFocus={focus === "phone"}
      />
      <SubmitButton>{t.saveDetails}</SubmitButton>
    </form>
  );
}

/** Issue 27: an admin starts a change of the customer's email address. */
export function ChangeEmailForm({ customerId, words: t }: { customerId: string; words: ChangeEmailWords }) {
  const [state, action] = useActionState<FormState<ChangeEmailField>, FormData>(changeEmailAction, idleForm);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="change-email-form" action={action} className="space-y-4" noValidate>
      <FormMessage state={state} formId="change-email-form" />
      <input type="hidden" name="customer" value={customerId} />
      <FormField
        id="customer-new-email"
        name="email"
        type="email"
        label={t.newEmail}
        hint={t.newEmailHint}
        autoComplete="off"
        required
        maxLength={254}
        defaultValue={state.values?.email}
        error={errors.email}
        autoFocus={errors.email !== undefined}
      />
      <SubmitButton>{t.changeEmail}</SubmitButton>
    </form>
  );
}
