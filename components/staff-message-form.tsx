"use client";

import { useActionState } from "react";
import { AttachmentField, type AttachmentFieldWords } from "@/components/attachment-field";
import { TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";

export type MessageField = "text" | "files";

type StaffMessageFormProps = {
  formId: string;
  action: (previous: FormState<MessageField>, formData: FormData) => Promise<FormState<MessageField>>;
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
  const [state, formAction] = useActionState<FormState<MessageField>, FormData>(action, idleForm);
  const focus = fieldToFocus(state, ["text"]);
  return (
    <form id={formId} action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} formId={formId} fieldIds={{ text: `${formId}-text`, files: `${formId}-files` }} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextAreaField
        id={`${formId}-text`}
        name="text"
        label={label}
        required
        maxLength={5000}
        hint={hint}
        defaultValue={state.values?.text}
        error={state.fieldErrors?.text}
        autoFocus={focus === "text"}
      />
      {attachments && <AttachmentField id={`${formId}-files`} words={attachments.words} maxFiles={attachments.maxFiles} error={state.fieldErrors?.files} />}
      {option && (
        <div className="flex items-center gap-2">
          <input id={`${formId}-${option.name}`} name={option.name} type="checkbox" defaultChecked={option.defaultChecked} className="size-5" />
          <label htmlFor={`${formId}-${option.name}`}>{option.label}</label>
        </div>
      )}
      <SubmitButton>{submit}</SubmitButton>
    </form>
  );
}
