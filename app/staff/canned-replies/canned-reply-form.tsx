"use client";

import { useActionState } from "react";
import { FormField, SelectField, TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
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
  const [state, action] = useActionState<FormState<CannedReplyField>, FormData>(saveCannedReplyAction, idleForm);
  const focus = fieldToFocus(state, ["locale", "title", "body"]);
  const errors = state.fieldErrors ?? {};
  const formId = reply ? `canned-reply-form-${reply.id}` : "canned-reply-form";
  const field = (name: string) => (reply ? `canned-reply-${reply.id}-${name}` : `canned-reply-${name}`);
  return (
    <form id={formId} action={action} className="space-y-4" noValidate>
      <FormMessage state={state} formId={formId} />
      <input type="hidden" name="reply" value={reply?.id ?? ""} />
      <SelectField
        id={field("locale")}
        name="locale"
        label={words.language}
        required
        options={languages}
        placeholder={words.chooseLanguage}
        defaultValue={state.values?.locale ?? reply?.locale ?? ""}
        error={errors.locale}
        autoFocus={focus === "locale"}
      />
      <FormField
        id={field("title")}
        name="title"
        label={words.title}
        hint={words.titleHint}
        required
        maxLength={80}
        defaultValue={state.values?.title ?? reply?.title}
        error={errors.title}
        autoFocus={focus === "title"}
      />
      <TextAreaField
        id={field("body")}
        name="body"
        label={words.body}
        hint={words.bodyHint}
        required
        maxLength={4000}
        defaultValue={state.values?.body ?? reply?.body}
        error={errors.body}
        autoFocus={focus === "body"}
      />
      <SubmitButton>{words.submit}</SubmitButton>
    </form>
  );
}
