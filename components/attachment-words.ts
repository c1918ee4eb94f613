import { attachmentLimitValues } from "@/lib/forms/form-words";
import type { AttachmentFieldWords } from "./attachment-field";

/**
 * The attachment limits a form states (from the settings, read on the server: `attachmentLimits`),
 * with the picker's `accept` for the kinds ATTACHMENT_TYPES allows.
 */
export type AttachmentLimits = { maxFiles: number; maxFileMb: number; maxMessageMb: number; accept: string };

const MB = 1024 * 1024;

/** The attachment field's words from the "cases" catalog, in `locale`, for the customer's forms and the support team's. */
export function attachmentWords(t: (key: string, values?: Record<string, string | number>) => string, limits: AttachmentLimits, locale: string): AttachmentFieldWords {
  // The placeholders are filled in by the field, file by file.
  const later = (key: string, ...names: string[]) => t(key, Object.fromEntries(names.map((name) => [name, `{${name}}`])));
  return {
    label: t("files"),
    // Sent with the words, not in the field's script (issue 25). It only helps the picker.
    accept: limits.accept,
    hint: t("filesHint", attachmentLimitValues(t, locale)),
    dropHint: t("dropHint"),
    remove: later("removeFile", "name"),
    sending: {
      progressLabel: later("uploadProgress", "name"),
      percent: later("uploading", "percent"),
      done: later("uploadDone", "name"),
      failed: later("uploadFailed", "name", "reason"),
      lost: later("uploadLost", "name"),
      waitForUploads: t("waitForUploads"),
      removeRefused: t("removeRefused"),
    },
    sizes: {
      maxFileBytes: limits.maxFileMb * MB,
      maxMessageBytes: limits.maxMessageMb * MB,
      tooLarge: t("fileErrors.too_large", { name: "{name}", maxFileMb: limits.maxFileMb }),
      messageTooLarge: t("fileErrors.message_too_large", { maxMessageMb: limits.maxMessageMb }),
    },
  };
}
