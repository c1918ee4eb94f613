"use client";

import { ActionForm, useActionForm, type FormAction } from "@/components/action-form";
import { AttachmentField, type AttachmentFieldWords } from "@/components/attachment-field";
import { TextAreaField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";

export type MessageField = "text" | "files";

type StaffMessageFormProps = {
  formId: string;
  action: FormAction<MessageField>;
  /** What the action needs to know besides the text (the case or message number). */
  hidden: Record<string, string | number>;
  label: string;
  hint?: string;
  submit: string;
  /** An option sent with the text, e.g. "set the status to waiting for the customer". */
  option?: { name: string; label: string; defaultChecked: boolean };
  /** Files may come with the text (issue 26): the field's words and how many files it takes. */
  attachments?: { words: AttachmentFieldWords; maxFiles: number };
};

/**
 * A text the support team writes — a reply, an internal note, an answer to a Contact us message —
 * with its submit button. The words come from the staff page (server-side), so the staff catalog
 * never travels to customers' browsers. Works without JavaScript.
 */
export function StaffMessageForm({ formId, action, hidden, label, hint, submit, option, attachments }: StaffMessageFormProps) {
  const form = useActionForm(action, ["text"]);
  return (
    <ActionForm id={formId} form={form} className="space-y-4" fieldIds={{ text: `${formId}-text`, files: `${formId}-files` }}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextAreaField
        id={`${formId}-text`}
        {...form.field("text")}
        label={label}
        required
        maxLength={5000}
        hint={hint}
      />
      {attachments && <AttachmentField id={`${formId}-files`} words={attachments.words} maxFiles={attachments.maxFiles} error={form.errors.files} />}
      {option && (
        <div className="flex items-center gap-2">
          <input id={`${formId}-${option.name}`} name={option.name} type="checkbox" defaultChecked={option.defaultChecked} className="size-5" />
          <label htmlFor={`${formId}-${option.name}`}>{option.label}</label>
        </div>
      )}
      <SubmitButton>{submit}</SubmitButton>
    </ActionForm>
  );
}
