"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { TextAreaField } from "@/components/form-field";
import { AttachmentField, type AttachmentFieldWords, type KeptFiles } from "@/components/attachment-field";
import { SubmitButton } from "@/components/submit-button";
import { replyToCaseAction } from "./actions";

/**
 * restoredText, restoredFiles: a reply kept when the session ended (issue 26), back in the form for one press to send.
 * files: the attachment field's words, made on the server (issue 25: their code stays off the page).
 */
export function CaseReplyForm({ caseId, files, restoredText, restoredFiles }: { caseId: number; files: { words: AttachmentFieldWords; maxFiles: number }; restoredText?: string; restoredFiles?: KeptFiles }) {
  const form = useActionForm(replyToCaseAction, ["text", "files"]);
  const t = useTranslations("cases");
  return (
    <ActionForm id="case-reply-form" form={form} className="space-y-4" fieldIds={{ text: "reply-text", files: "reply-files" }}>
      <input type="hidden" name="case" value={caseId} />
      <TextAreaField
        id="reply-text"
        {...form.field("text", restoredText)}
        label={t("yourReply")}
        required
        maxLength={5000}
        hint={t("replyHint")}
      />
      <AttachmentField id="reply-files" words={files.words} error={form.errors.files} maxFiles={files.maxFiles} sendAhead kept={restoredFiles} />
      <SubmitButton>{t("sendReply")}</SubmitButton>
    </ActionForm>
  );
}
