"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { AttachmentField, type KeptFileEntry } from "@/components/attachment-field";
import { attachmentWords, type AttachmentLimits } from "@/components/attachment-words";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { replyToCaseAction, type CaseReplyField } from "./actions";

/** restoredText, restoredFiles: a reply kept when the session ended (issue 26), back in the form for one press to send. */
export function CaseReplyForm({ caseId, limits, restoredText, restoredFiles }: { caseId: number; limits: AttachmentLimits; restoredText?: string; restoredFiles?: KeptFileEntry[] }) {
  const [state, action] = useActionState<FormState<CaseReplyField>, FormData>(replyToCaseAction, idleForm);
  const t = useTranslations("cases");
  const focus = fieldToFocus(state, ["text", "files"]);
  return (
    <form id="case-reply-form" action={action} className="space-y-4" noValidate>
      <FormMessage state={state} formId="case-reply-form" fieldIds={{ text: "reply-text", files: "reply-files" }} />
      <input type="hidden" name="case" value={caseId} />
      <TextAreaField
        id="reply-text"
        name="text"
        label={t("yourReply")}
        required
        maxLength={5000}
        hint={t("replyHint")}
        defaultValue={state.values?.text ?? restoredText}
        error={state.fieldErrors?.text}
        autoFocus={focus === "text"}
      />
      <AttachmentField id="reply-files" words={attachmentWords(t, limits)} error={state.fieldErrors?.files} maxFiles={limits.maxFiles} sendAhead kept={restoredFiles} />
      <SubmitButton>{t("sendReply")}</SubmitButton>
    </form>
  );
}
