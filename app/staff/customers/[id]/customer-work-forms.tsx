"use client";

import { ActionForm, useActionForm } from "@/components/action-form";
import { CaseFields } from "@/components/case-fields";
import { FormField, SelectField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { changeEmailAction, correctDetailsAction, openCaseAction } from "./actions";

type Options = ReadonlyArray<{ value: string; label: string }>;

/** Words from the staff page (server-side), so the staff catalog never travels to customers' browsers. */
export type OpenCaseWords = Record<"caseSubject" | "caseCategory" | "chooseCategory" | "caseDescription" | "caseDescriptionHint" | "casePriority" | "choosePriority" | "openCase", string>;
export type CorrectDetailsWords = Record<"name" | "phone" | "phoneHint" | "saveDetails", string>;
export type ChangeEmailWords = Record<"newEmail" | "newEmailHint" | "changeEmail", string>;

/** Issue 27: a case opened for the customer — subject, kind, what they said, and the priority. */
export function OpenCaseForm({ customerId, categories, priorities, words: t }: { customerId: string; categories: Options; priorities: Options; words: OpenCaseWords }) {
  const form = useActionForm(openCaseAction, ["subject", "category", "description", "priority"]);
  return (
    <ActionForm id="open-case-form" form={form} className="space-y-4">
      <input type="hidden" name="customer" value={customerId} />
      <CaseFields
        idPrefix="open-case-"
        categories={categories}
        words={{ subject: t.caseSubject, category: t.caseCategory, chooseCategory: t.chooseCategory, description: t.caseDescription, descriptionHint: t.caseDescriptionHint }}
        values={form.values}
        errors={form.errors}
        focus={form.focus}
      />
      <SelectField
        id="open-case-priority"
        {...form.field("priority", "normal")}
        label={t.casePriority}
        required
        options={priorities}
        placeholder={t.choosePriority}
      />
      <SubmitButton>{t.openCase}</SubmitButton>
    </ActionForm>
  );
}

/** Issue 27: the customer's name and phone number, corrected by an agent. */
export function CorrectDetailsForm({ customerId, name, phone, words: t }: { customerId: string; name: string; phone: string; words: CorrectDetailsWords }) {
  const form = useActionForm(correctDetailsAction, ["name", "phone"]);
  return (
    <ActionForm id="correct-details-form" form={form} className="space-y-4">
      <input type="hidden" name="customer" value={customerId} />
      <FormField id="customer-name" {...form.field("name", name)} label={t.name} autoComplete="off" maxLength={100} />
      <FormField
        id="customer-phone"
        {...form.field("phone", phone)}
        type="tel"
        label={t.phone}
        autoComplete="off"
        inputMode="tel"
        maxLength={32}
        hint={t.phoneHint}
      />
      <SubmitButton>{t.saveDetails}</SubmitButton>
    </ActionForm>
  );
}

/** Issue 27: an admin starts a change of the customer's email address. */
export function ChangeEmailForm({ customerId, words: t }: { customerId: string; words: ChangeEmailWords }) {
  const form = useActionForm(changeEmailAction, ["email"]);
  return (
    <ActionForm id="change-email-form" form={form} className="space-y-4">
      <input type="hidden" name="customer" value={customerId} />
      <FormField
        id="customer-new-email"
        {...form.field("email")}
        type="email"
        label={t.newEmail}
        hint={t.newEmailHint}
        autoComplete="off"
        required
        maxLength={254}
      />
      <SubmitButton>{t.changeEmail}</SubmitButton>
    </ActionForm>
  );
}
