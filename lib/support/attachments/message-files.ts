import type { Customer } from "@/lib/db/schema";
import { acceptUploads, readUploads, scanUploads, type UploadRefusal } from "./attachments";
import { ScannerUnavailable } from "./malware-scan";

/**
 * The files of a message a form sent, through every check in order (limits, type, re-encoding,
 * malware scan): what an action calls before it posts the message.
 * - accepted: post the message with these uploads;
 * - refused: say why on the files field (nothing was kept);
 * - unscanned: clamd did not answer; the uploads are kept, and the message must wait for a scan
 *   (lib/support/attachments/held-messages.ts), never be posted unscanned.
 */
export type MessageFiles =
  | { status: "accepted"; ids: string[] }
  | { status: "refused"; reason: UploadRefusal; fileName?: string }
  | { status: "unscanned"; ids: string[] };

export async function takeMessageFiles(uploader: Pick<Customer, "id">, formData: FormData): Promise<MessageFiles> {
  const read = readUploads(formData);
  if (!read.ok) return { status: "refused", reason: read.reason, fileName: read.fileName };
  if (read.files.length === 0) return { status: "accepted", ids: [] };
  const accepted = await acceptUploads(uploader, read.files);
  if (!accepted.ok) return { status: "refused", reason: accepted.reason, fileName: accepted.fileName };
  try {
    const scanned = await scanUploads(uploader, accepted.ids);
    if (!scanned.ok) return { status: "refused", reason: scanned.reason, fileName: scanned.fileName };
  } catch (error) {
    if (error instanceof ScannerUnavailable) return { status: "unscanned", ids: accepted.ids };
    throw error;
  }
  return { status: "accepted", ids: accepted.ids };
}
