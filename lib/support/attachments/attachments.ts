import { and, asc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { caseAttachments, supportCaseEvents, supportCases, type CaseAttachment, type Customer } from "@/lib/db/schema";
import { kindGroups, pickerAccept, sniffFileKind } from "./file-kind";
import { formFiles } from "./form-files";
import { reencodeImage } from "./image";
import { ScannerUnavailable, scanWithClamd } from "./malware-scan";
import { attachmentStore, directoryStore, newStorageKey, storeOf } from "./storage";
import { inUploadSlot } from "./upload-slots";

/**
 * Files on a case (issue 26). A message's files are taken in three steps: `readUploads` checks the
 * form's files against the limits, `acceptUploads` decides each one's type from its bytes,
 * re-encodes images and stores them (not yet on any case), `scanUploads` asks clamd when one is
 * configured; the message's own transaction then ties them to the case with `attachToMessage`.
 * Files nobody tied to a message are removed after a day (`pruneOrphanAttachments`).
 */

/** Why a file was refused; the form words it on the files field with the file's name. */
export type UploadRefusal = "too_many" | "too_large" | "message_too_large" | "type" | "unreadable_image" | "infected" | "gone";
export type Refused = { ok: false; reason: UploadRefusal; fileName?: string };

/**
 * The limits as forms state them, in whole megabytes, with the picker's `accept` for the kinds
 * ATTACHMENT_TYPES allows (read here, on the server: the field's script gets only the list).
 */
export function attachmentLimits() {
  const limits = config().attachments;
  return {
    maxFiles: limits.maxFiles,
    maxFileMb: limits.maxFileBytes / (1024 * 1024),
    maxMessageMb: limits.maxMessageBytes / (1024 * 1024),
    accept: pickerAccept(limits.types),
    kindGroups: kindGroups(limits.types),
  };
}

/** The form's files (form-files.ts), checked against the limits. */
export async function readUploads(formData: FormData, field = "files"): Promise<{ ok: true; files: File[] } | Refused> {
  const files = await formFiles(formData, field);
  if (!files) return { ok: false, reason: "gone" };
  return checkUploadLimits(files);
}

/** The limits on one message's files, wherever they came from (a form, or a mail: issue 28). */
export function checkUploadLimits(files: File[]): { ok: true; files: File[] } | Refused {
  const limits = config().attachments;
  if (files.length > limits.maxFiles) return { ok: false, reason: "too_many" };
  const large = files.find((file) => file.size > limits.maxFileBytes);
  if (large) return { ok: false, reason: "too_large", fileName: displayFileName(large.name) };
  if (files.reduce((sum, file) => sum + file.size, 0) > limits.maxMessageBytes) return { ok: false, reason: "message_too_large" };
  return { ok: true, files };
}

/** A name fit to show and to send in a header: no path, no control characters, at most 120 characters. */
export function displayFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f"]/g, "").trim().slice(-120);
  return clean || "file";
}

/** A file checked and ready to store: its type decided from its bytes, an image re-encoded. */
export type PreparedFile = { fileName: string; contentType: string; image: boolean; data: Buffer; thumbnail: Buffer | null };

/** One file through the type check and, for an image, re-encoding; the refusal names it. */
export async function prepareFile(fileName: string, bytes: Buffer): Promise<{ ok: true; file: PreparedFile } | Refused> {
  const kind = await sniffFileKind(bytes, fileName);
  if (!kind || !config().attachments.types.includes(kind.name)) return { ok: false, reason: "type", fileName };
  if (!kind.image) return { ok: true, file: { fileName, contentType: kind.contentType, image: false, data: bytes, thumbnail: null } };
  const image = await reencodeImage(bytes, kind.contentType);
  if (!image) return { ok: false, reason: "unreadable_image", fileName };
  return { ok: true, file: { fileName, contentType: image.contentType, image: true, data: image.data, thumbnail: image.thumbnail } };
}

/** Keeps a prepared file, not yet on any case, in the store new files go to; its id. */
export async function storeFile(tx: Executor, uploader: Pick<Customer, "id">, file: PreparedFile): Promise<string> {
  const store = attachmentStore();
  const storageKey = newStorageKey();
  const thumbnailKey = file.thumbnail ? newStorageKey() : null;
  const [row] = await tx
    .insert(caseAttachments)
    .values({ uploadedBy: uploader.id, fileName: file.fileName, contentType: file.contentType, size: file.data.length, image: file.image, storage: store.kind, storageKey, thumbnailKey })
    .returning({ id: caseAttachments.id });
  await store.put(storageKey, file.data, { attachmentId: row.id, executor: tx });
  if (thumbnailKey && file.thumbnail) await store.put(thumbnailKey, file.thumbnail, { attachmentId: row.id, executor: tx });
  return row.id;
}

/**
 * Stores the files, not yet on a case; each refused file is named. Nothing is kept when one is refused.
 * Each file is read, checked and stored in one of the process's upload slots (upload-slots.ts), one
 * at a time: a form's files cost memory only while it is their turn, as files sent ahead do, so
 * 8 customers posting at once hold no more than the slots' worth (issue 26).
 */
export async function acceptUploads(uploader: Pick<Customer, "id">, files: File[]): Promise<{ ok: true; ids: string[] } | Refused> {
  const ids: string[] = [];
  for (const file of files) {
    const stored = await inUploadSlot(uploader.id, async () => {
      const checked = await prepareFile(displayFileName(file.name), Buffer.from(await file.arrayBuffer()));
      if (!checked.ok) return checked;
      return { ok: true as const, id: await (await db()).transaction((tx) => storeFile(tx, uploader, checked.file)) };
    });
    if (!stored.ok) {
      await discardUploads(uploader, ids);
      return stored;
    }
    ids.push(stored.id);
  }
  return { ok: true, ids };
}

/**
 * Scans stored uploads with clamd when CLAMAV_URL is set. An infected file is removed with the
 * rest of the message's files and audited; clamd not answering throws ScannerUnavailable and
 * leaves the files for a later try.
 */
export async function scanUploads(uploader: Pick<Customer, "id">, ids: string[], executor?: Executor): Promise<{ ok: true } | Refused> {
  const url = config().attachments.clamavUrl;
  if (!url || ids.length === 0) return { ok: true };
  for (const upload of await pendingUploads(uploader, ids, executor)) {
    const data = await storeOf(upload.storage).get(upload.storageKey, executor);
    if (!data) throw new ScannerUnavailable("a stored file is missing");
    const result = await scanWithClamd(url, data);
    if (!result.clean) {
      await discardUploads(uploader, ids, executor);
      await recordAudit({ event: "attachment_infected", customerId: uploader.id, actorId: uploader.id, details: { fileName: upload.fileName, signature: result.signature } }, executor);
      return { ok: false, reason: "infected", fileName: upload.fileName };
    }
  }
  return { ok: true };
}

export async function pendingUploads(uploader: Pick<Customer, "id">, ids: string[], executor?: Executor): Promise<CaseAttachment[]> {
  if (ids.length === 0) return [];
  return (executor ?? (await db()))
    .select()
    .from(caseAttachments)
    .where(and(inArray(caseAttachments.id, ids), eq(caseAttachments.uploadedBy, uploader.id), isNull(caseAttachments.caseId), isNull(caseAttachments.keptDraftId)));
}

/** Ties the uploader's own, not yet sent uploads to a case's message, in the message's transaction. */
export async function attachToMessage(tx: Executor, uploader: Pick<Customer, "id">, ids: string[], caseId: number, eventId: number | null): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(caseAttachments)
    .set({ caseId, eventId })
    .where(and(inArray(caseAttachments.id, ids), eq(caseAttachments.uploadedBy, uploader.id), isNull(caseAttachments.caseId), isNull(caseAttachments.keptDraftId)))
    .returning({ fileName: caseAttachments.fileName });
  return rows.map((row) => row.fileName);
}

/** Removes uploads that will not be sent (a refused message). */
export async function discardUploads(uploader: Pick<Customer, "id">, ids: string[], executor?: Executor) {
  await removeAttachments(await pendingUploads(uploader, ids, executor), executor);
}

async function removeAttachments(rows: CaseAttachment[], executor?: Executor) {
  if (rows.length === 0) return;
  const remove = async (tx: Executor) => {
    await tx.delete(caseAttachments).where(inArray(caseAttachments.id, rows.map((row) => row.id)));
    for (const kind of ["database", "directory"] as const) {
      const keys = rows.filter((row) => row.storage === kind).flatMap((row) => [row.storageKey, ...(row.thumbnailKey ? [row.thumbnailKey] : [])]);
      if (keys.length > 0) await storeOf(kind).remove(keys, tx);
    }
  };
  if (executor) await remove(executor);
  else await (await db()).transaction(remove);
}

/**
 * Housekeeping: uploads never sent with a message are removed after a day (not those a kept
 * draft holds: they go with the draft, issue 26); so are files in
 * ATTACHMENTS_DIR whose row is gone (a deleted case or customer: the database deletes the rows
 * and the bytes it keeps itself, but cannot reach a directory).
 */
export async function pruneOrphanAttachments(): Promise<number> {
  const dayAgo = new Date(now().getTime() - DAY);
  const rows = await (await db())
    .select()
    .from(caseAttachments)
    .where(and(isNull(caseAttachments.caseId), isNull(caseAttachments.keptDraftId), lt(caseAttachments.createdAt, dayAgo)))
    .limit(500);
  await removeAttachments(rows);
  const directory = config().attachments.directory;
  if (directory) {
    const store = directoryStore(directory);
    const onDisk = await store.listOlderThan(dayAgo);
    for (let start = 0; start < onDisk.length; start += 500) {
      const keys = onDisk.slice(start, start + 500);
      const known = await (await db())
        .select({ file: caseAttachments.storageKey, thumbnail: caseAttachments.thumbnailKey })
        .from(caseAttachments)
        .where(or(inArray(caseAttachments.storageKey, keys), inArray(caseAttachments.thumbnailKey, keys)));
      const referenced = new Set(known.flatMap((row) => [row.file, row.thumbnail]));
      await store.remove(keys.filter((key) => !referenced.has(key)));
    }
  }
  return rows.length;
}

export type AttachmentSummary = Pick<CaseAttachment, "id" | "eventId" | "fileName" | "contentType" | "size" | "image">;

/** The files of a case, for its page; `includeInternal` only for the support team. */
export async function listCaseAttachments(caseId: number, options: { includeInternal: boolean }): Promise<AttachmentSummary[]> {
  const rows = await (await db())
    .select({
      id: caseAttachments.id,
      eventId: caseAttachments.eventId,
      fileName: caseAttachments.fileName,
      contentType: caseAttachments.contentType,
      size: caseAttachments.size,
      image: caseAttachments.image,
      internal: supportCaseEvents.internal,
    })
    .from(caseAttachments)
    .leftJoin(supportCaseEvents, eq(supportCaseEvents.id, caseAttachments.eventId))
    .where(eq(caseAttachments.caseId, caseId))
    .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.id));
  return rows.filter((row) => options.includeInternal || !row.internal).map((row) => ({ id: row.id, eventId: row.eventId, fileName: row.fileName, contentType: row.contentType, size: row.size, image: row.image }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A file for download, only for the case's customer (and not on a staff-only note) or the support
 * team (`staff`: a staff member whose session passed two-step verification); anyone else — and an unknown id — gets null, which the route answers with 404.
 */
export async function openAttachment(reader: { customerId: string; staff: boolean }, id: string, variant: "file" | "thumbnail") {
  if (!UUID.test(id)) return null;
  const [row] = await (await db())
    .select({ attachment: caseAttachments, customerId: supportCases.customerId, internal: supportCaseEvents.internal })
    .from(caseAttachments)
    .innerJoin(supportCases, eq(supportCases.id, caseAttachments.caseId))
    .leftJoin(supportCaseEvents, eq(supportCaseEvents.id, caseAttachments.eventId))
    .where(eq(caseAttachments.id, id));
  if (!row) return null;
  const mayRead = reader.staff || (row.customerId === reader.customerId && !row.internal);
  if (!mayRead) return null;
  const key = variant === "thumbnail" ? row.attachment.thumbnailKey : row.attachment.storageKey;
  if (!key) return null;
  const data = await storeOf(row.attachment.storage).get(key);
  if (!data) return null;
  return { attachment: row.attachment, data, contentType: variant === "thumbnail" ? "image/webp" : row.attachment.contentType };
}
