import { config } from "@/lib/config";
import type { Customer } from "@/lib/db/schema";
import { acceptUploads, checkUploadLimits, pendingUploads, readUploads, scanUploads, type UploadRefusal } from "./attachments";
import { ScannerUnavailable } from "./malware-scan";

/**
 * The files of a message a form sent, through every check in order (limits, type, re-encoding,
 * malware scan): what an action calls before it posts the message. Its files come in the form
 * itself (without JavaScript) or ahead of it, one by one, as upload ids (with JavaScript).
 * - accepted: post the message with these uploads;
 * - refused: say why on the files field (nothing of the form's own files was kept; files sent
 *   ahead stay, so the form can send them again);
 * - unscanned: clamd did not answer; the uploads are kept, and the message must wait for a scan
 *   (lib/support/attachments/held-messages.ts), never be posted unscanned.
 */
export type MessageFiles =
  | { status: "accepted"; ids: string[] }
  | { status: "refused"; reason: UploadRefusal; fileName?: string }
  | { status: "unscanned"; ids: string[] };

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The ids of files sent ahead with JavaScript (POST /api/attachments, lib/support/attachments/
 * uploads.ts): the form's "uploaded" entries. Null when they cannot be this customer's uploads.
 */
function uploadedIds(formData: FormData): string[] | null {
  const entries = formData.getAll("uploaded");
  if (entries.some((entry) => typeof entry !== "string" || !UPLOAD_ID.test(entry))) return null;
  return entries as string[];
}

export async function takeMessageFiles(uploader: Pick<Customer, "id">, formData: FormData): Promise<MessageFiles> {
  const limits = config().attachments;
  const uploadedAhead = uploadedIds(formData);
  if (uploadedAhead === null) return { status: "refused", reason: "gone" };
  // Counted as sent: the same id a thousand times is a thousand files, not one.
  if (uploadedAhead.length > limits.maxFiles) return { status: "refused", reason: "too_many" };
  if (new Set(uploadedAhead).size !== uploadedAhead.length) return { status: "refused", reason: "gone" };
  const ahead = await pendingUploads(uploader, uploadedAhead);
  // Another customer's id, one already sent, or one removed: the same answer, naming nobody's file.
  if (ahead.length !== uploadedAhead.length) return { status: "refused", reason: "gone" };
  const read = await readUploads(formData);
  if (!read.ok) return { status: "refused", reason: read.reason, fileName: read.fileName };
  // The message's limits hold for its files together, however they were sent.
  if (ahead.length + read.files.length > limits.maxFiles) return { status: "refused", reason: "too_many" };
  const aheadBytes = ahead.reduce((total, upload) => total + upload.size, 0);
  if (aheadBytes + read.files.reduce((total, file) => total + file.size, 0) > limits.maxMessageBytes) return { status: "refused", reason: "message_too_large" };
  const accepted = read.files.length === 0 ? ({ ok: true, ids: [] } as const) : await acceptUploads(uploader, read.files);
  if (!accepted.ok) return { status: "refused", reason: accepted.reason, fileName: accepted.fileName };
  return scanned(uploader, [...uploadedAhead, ...accepted.ids]);
}

/** The same checks for files that did not come from a form: a reply by mail's attachments (issue 28). */
export async function takeFiles(uploader: Pick<Customer, "id">, files: File[]): Promise<MessageFiles> {
  const read = checkUploadLimits(files);
  if (!read.ok) return { status: "refused", reason: read.reason, fileName: read.fileName };
  if (read.files.length === 0) return { status: "accepted", ids: [] };
  const accepted = await acceptUploads(uploader, read.files);
  if (!accepted.ok) return { status: "refused", reason: accepted.reason, fileName: accepted.fileName };
  return scanned(uploader, accepted.ids);
}

/** The last check, the malware scan, over a message's stored uploads. */
async function scanned(uploader: Pick<Customer, "id">, ids: string[]): Promise<MessageFiles> {
  if (ids.length === 0) return { status: "accepted", ids };
  try {
    const result = await scanUploads(uploader, ids);
    if (!result.ok) return { status: "refused", reason: result.reason, fileName: result.fileName };
  } catch (error) {
    if (error instanceof ScannerUnavailable) return { status: "unscanned", ids };
    throw error;
  }
  return { status: "accepted", ids };
}
