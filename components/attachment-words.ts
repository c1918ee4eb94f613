import type { AttachmentFieldWords } from "./attachment-field";

/** The attachment limits a form states (from the settings, read on the server). */
export type AttachmentLimits = { maxFiles: number; maxFileMb: number; maxMessageMb: number };

/** The attachment field's words from the "cases" catalog, for the customer's forms. */
export function attachmentWords(t: (key: string, values?: Record<string, string | number>) => string, limits: AttachmentLimits): AttachmentFieldWords {
  return { label: t("files"), hint: t("filesHint", limits), dropHint: t("dropHint"), remove: t("removeFile", { name: "{name}" }) };
}
