"use client";

import { ActionForm, useActionForm } from "@/components/action-form";
import { CaseFields } from "@/components/case-fields";
import { SubmitButton } from "@/components/submit-button";
import { makeCaseAction } from "./actions";

type MakeCaseFormProps = {
  messageId: number;
  categories: ReadonlyArray<{ value: string; label: string }>;
  labels: { subject: string; category: string; chooseCategory: string; submit: string };
};

/** A subject and a category for the case a Contact us message becomes (its text is the description). Words come from the staff page. */
export function MakeCaseForm({ messageId, categories, labels }: MakeCaseFormProps) {
  const form = useActionForm(makeCaseAction, ["subject", "category"]);
  return (
    <ActionForm id="make-case-form" form={form} className="space-y-4" fieldIds={{ subject: "case-subject", category: "case-category" }}>
      <input type="hidden" name="message" value={messageId} />
      <CaseFields
        idPrefix="case-"
        categories={categories}
        words={{ subject: labels.subject, category: labels.category, chooseCategory: labels.chooseCategory }}
        values={form.values}
        errors={form.errors}
        focus={form.focus}
      />
      <SubmitButton>{labels.submit}</SubmitButton>
    </ActionForm>
  );
}
