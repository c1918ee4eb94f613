"use client";

import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField, SelectField, TextAreaField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { saveCannedReplyAction, type CannedReplyField } from "./actions";

/** Words from the staff page (server-side), so the staff catalog never travels to customers' browsers. */
export type CannedReplyWords = Record<"language" | "chooseLanguage" | "title" | "titleHint" | "body" | "bodyHint" | "submit", string>;

type CannedReplyFormProps = {
  /** The template being changed; absent for a new one. */
  reply?: { id: number; locale: string; title: string; body: string };
  languages: ReadonlyArray<{ value: string; label: string }>;
  words: CannedReplyWords;
};

/** Issue 27: one canned reply — its language, a title agents pick it by, and the text with {name} and {case}. */
export function CannedReplyForm({ reply, languages, words }: CannedReplyFormProps) {
  const form = useActionForm(saveCannedReplyAction, ["locale", "title", "body"]);
  const formId = reply ? `canned-reply-form-${reply.id}` : "canned-reply-form";
  const id = (name: CannedReplyField) => (reply ? `canned-reply-${reply.id}-${name}` : `canned-reply-${name}`);
  return (
    <ActionForm id={formId} form={form} className="space-y-4">
      <input type="hidden" name="reply" value={reply?.id ?? ""} />
      <SelectField id={id("locale")} {...form.field("locale", reply?.locale ?? "")} required label={words.language} options={languages} placeholder={words.chooseLanguage} />
      <FormField id={id("title")} {...form.field("title", reply?.title)} required label={words.title} hint={words.titleHint} maxLength={80} />
      <TextAreaField id={id("body")} {...form.field("body", reply?.body)} required label={words.body} hint={words.bodyHint} maxLength={4000} />
      <SubmitButton>{words.submit}</SubmitButton>
    </ActionForm>
  );
}
