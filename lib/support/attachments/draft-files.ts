import { and, count, eq, inArray, isNull, sum, type SQLWrapper } from "drizzle-orm";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { caseAttachments, customers } from "@/lib/db/schema";
import { consumeLimit } from "@/lib/http/rate-limit";
import { displayFileName, prepareFile, readUploads, storeFile, type PreparedFile } from "./attachments";
import { inUploadSlot } from "./upload-slots";
import { waitingLimits } from "./uploads";

/**
 * Issue 26: the files of a reply or a new case posted after the session ended are kept with its
 * draft (lib/support/kept-drafts.ts) and given back with it. They are the customer's unsent
 * uploads, held by the draft (`kept_draft_id`): no message can take them and "Remove" cannot reach
 * them while held; deleting the draft (taken by another form, expired, or over the customer's 10)
 * deletes them; taking it releases them as ordinary waiting uploads, which the orphan sweep removes
 * a day later if they are not sent. They are scanned for malware when their message is sent.
 */
export type KeptFile = { id: string; fileName: string; size: number };

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The files a form carried, kept for `customerId` (whose session just ended, D2): those sent ahead
 * (its "uploaded" ids: the customer's own unsent uploads, also ones an earlier draft held) and those
 * in the form itself, checked and stored as any upload is — the message's limits, the type from
 * the bytes, re-encoding, the hourly allowance and the cap on waiting files (S45, under the
 * customer's row lock). `dropped`: some were not kept, so the customer is asked to attach them again.
 */
export async function keepDraftFiles(customerId: string, formData: FormData): Promise<{ files: KeptFile[]; dropped: boolean }> {
  const limits = config().attachments;
  const named = [...new Set(formData.getAll("uploaded").filter((entry): entry is string => typeof entry === "string" && UPLOAD_ID.test(entry)))].slice(0, limits.maxFiles);
  const ahead = named.length === 0 ? [] : await (await db())
    .select({ id: caseAttachments.id, fileName: caseAttachments.fileName, size: caseAttachments.size })
    .from(caseAttachments)
    .where(and(inArray(caseAttachments.id, named), eq(caseAttachments.uploadedBy, customerId), isNull(caseAttachments.caseId)));
  let dropped = ahead.length !== formData.getAll("uploaded").length;

  const read = await readUploads(formData);
  const inForm = read.ok ? read.files : [];
  if (!read.ok) dropped = true;
  const room = { files: limits.maxFiles - ahead.length, bytes: limits.maxMessageBytes - ahead.reduce((total, file) => total + file.size, 0) };
  const prepared: PreparedFile[] = [];
  for (const file of inForm) {
    if (prepared.length >= room.files || file.size > room.bytes) {
      dropped = true;
      continue;
    }
    // Read and checked in an upload slot, as any form's file is (attachments.ts: acceptUploads).
    const checked = await inUploadSlot(customerId, async () => prepareFile(displayFileName(file.name), Buffer.from(await file.arrayBuffer())));
    if (!checked.ok || (await consumeLimit("uploadsPerCustomer", customerId)).limited) {
      dropped = true;
      continue;
    }
    prepared.push(checked.file);
    room.bytes -= checked.file.data.length;
  }
  const stored = prepared.length === 0 ? [] : await (await db()).transaction((tx) => storeWithinWaitingCap(tx, customerId, prepared));
  if (stored.length !== prepared.length) dropped = true;
  return { files: [...ahead, ...stored], dropped };
}

/** As many of the files as the customer's cap on waiting uploads leaves room for, stored in order. */
async function storeWithinWaitingCap(tx: Executor, customerId: string, files: PreparedFile[]): Promise<KeptFile[]> {
  // One customer's uploads one at a time from here: the count below cannot be stale.
  await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for("update");
  const [held] = await tx
    .select({ files: count(), bytes: sum(caseAttachments.size) })
    .from(caseAttachments)
    .where(and(eq(caseAttachments.uploadedBy, customerId), isNull(caseAttachments.caseId)));
  const waiting = waitingLimits();
  let heldFiles = held.files;
  let heldBytes = Number(held.bytes ?? 0);
  const stored: KeptFile[] = [];
  for (const file of files) {
    if (heldFiles + 1 > waiting.files || heldBytes + file.data.length > waiting.bytes) break;
    stored.push({ id: await storeFile(tx, { id: customerId }, file), fileName: file.fileName, size: file.data.length });
    heldFiles += 1;
    heldBytes += file.data.length;
  }
  return stored;
}

/** Binds kept files to their draft, in the draft's transaction: only the customer's own unsent uploads. */
export async function holdForDraft(tx: Executor, customerId: string, draftId: number, fileIds: string[]) {
  if (fileIds.length === 0) return;
  await tx
    .update(caseAttachments)
    .set({ keptDraftId: draftId })
    .where(and(inArray(caseAttachments.id, fileIds), eq(caseAttachments.uploadedBy, customerId), isNull(caseAttachments.caseId)));
}

/**
 * Releases the files of the drafts `drafts` selects, in the transaction that takes (deletes) them:
 * they become the customer's waiting uploads, counted from now for the orphan sweep. The ids released.
 */
export async function releaseFromDrafts(tx: Executor, drafts: SQLWrapper): Promise<string[]> {
  const rows = await tx
    .update(caseAttachments)
    .set({ keptDraftId: null, createdAt: now() })
    .where(inArray(caseAttachments.keptDraftId, drafts))
    .returning({ id: caseAttachments.id });
  return rows.map((row) => row.id);
}
