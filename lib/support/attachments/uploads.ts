import { and, count, eq, isNull, sum } from "drizzle-orm";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { caseAttachments, customers, type Customer } from "@/lib/db/schema";
import { consumeLimit } from "@/lib/http/rate-limit";
import { discardUploads, displayFileName, pendingUploads, prepareFile, storeFile, type UploadRefusal } from "./attachments";
import { sniffFileKind } from "./file-kind";
import { inUploadSlot } from "./upload-slots";

/**
 * One file sent on its own, before its message (issue 26): with JavaScript the attachment field
 * sends each file to POST /api/attachments as it is chosen, showing its progress, and the form
 * then sends only the ids. The body is read straight from the request stream into one buffer of
 * the announced size — never through a multipart parser, never copied whole — so a server holds
 * each file once, only while it is checked and stored. The upload is bound to the customer and
 * waits, unsent, until a message takes it (the orphan sweep removes it after a day).
 */

/**
 * Why one upload was refused; beyond a message's refusals:
 * - waiting_full: the customer already has as many unsent files waiting as two full messages;
 * - too_often: the hourly allowance of uploads is spent;
 * - incomplete: the body ended before (or ran past) the length it announced;
 * - too_slow: the body had not arrived within ATTACHMENT_READ_SECONDS of its slot being taken.
 */
export type SingleUploadRefusal = UploadRefusal | "waiting_full" | "too_often" | "incomplete" | "too_slow";
export type UploadOutcome =
  | { ok: true; id: string; fileName: string; size: number; contentType: string }
  | { ok: false; reason: SingleUploadRefusal; fileName: string; retryAfterSeconds?: number };

/**
 * Unsent uploads one customer may have waiting: two full messages (Create Case in one tab, a
 * reply in another). Bounds what an account can park in storage without sending it.
 */
export function waitingLimits() {
  const limits = config().attachments;
  return { files: limits.maxFiles * 2, bytes: limits.maxMessageBytes * 2 };
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Hands ATTACHMENT_READ_SECONDS to server/preload.cjs at start-up: a form's files are read by
 * Next.js, not here, so the preload times a form's multipart body (issue 26).
 */
export function installFormReadTimeLimit() {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("portal.uploadReadSeconds")] = config().attachments.readSeconds;
}

/** How much of a body is read before its type is first checked: file-type needs at most 4100 bytes. */
const SNIFF_BYTES = 4100;

/**
 * The body, read into one buffer of exactly the announced size. Reading stops as soon as it runs
 * past that size, when the first bytes already show a kind the portal refuses, or when the body
 * has not all arrived within ATTACHMENT_READ_SECONDS: a body trickled in on purpose would
 * otherwise hold one of the process's upload slots for as long as its sender liked.
 */
async function readAnnounced(body: ReadableStream<Uint8Array>, size: number, fileName: string): Promise<Buffer | "incomplete" | "type" | "too_slow"> {
  const data = Buffer.allocUnsafe(size);
  let filled = 0;
  let sniffed = false;
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), config().attachments.readSeconds * 1000);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === "expired") return "too_slow";
      const { done, value } = next;
      if (done) break;
      if (filled + value.byteLength > size) return "incomplete";
      data.set(value, filled);
      filled += value.byteLength;
      if (!sniffed && filled >= Math.min(SNIFF_BYTES, size)) {
        sniffed = true;
        // Text is decided only from the whole file; a binary kind from its first bytes.
        const { fileTypeFromBuffer } = await import("file-type/core");
        const early = await fileTypeFromBuffer(data.subarray(0, filled));
        if (early && !(await sniffFileKind(data.subarray(0, filled), fileName))) return "type";
      }
    }
  } catch {
    // The browser went away (aborted, closed the tab): nothing to keep.
    return "incomplete";
  } finally {
    clearTimeout(timer);
    // Stop reading whatever is left of a refused body; a finished one has nothing left.
    reader.cancel().catch(() => {});
  }
  return filled === size ? data : "incomplete";
}

/**
 * Takes one file for the customer. S45: the hourly allowance is taken atomically before the body
 * is read; the cap on waiting files is checked and the file stored in one transaction that holds
 * the customer's row, so 20 uploads at once never park more than the cap. The body is read only
 * once one of the process's upload slots is free (upload-slots.ts: one per customer at a time).
 */
export async function receiveUpload(uploader: Pick<Customer, "id">, upload: { fileName: string; size: number; body: ReadableStream<Uint8Array> }): Promise<UploadOutcome> {
  const fileName = displayFileName(upload.fileName);
  const limits = config().attachments;
  if (upload.size > limits.maxFileBytes) return { ok: false, reason: "too_large", fileName };
  if (upload.size === 0) return { ok: false, reason: "type", fileName };
  const allowance = await consumeLimit("uploadsPerCustomer", uploader.id);
  if (allowance.limited) return { ok: false, reason: "too_often", fileName, retryAfterSeconds: allowance.retryAfterSeconds };

  return inUploadSlot(uploader.id, () => takeIn(uploader, fileName, upload));
}

async function takeIn(uploader: Pick<Customer, "id">, fileName: string, upload: { size: number; body: ReadableStream<Uint8Array> }): Promise<UploadOutcome> {
  const bytes = await readAnnounced(upload.body, upload.size, fileName);
  if (bytes === "incomplete" || bytes === "type" || bytes === "too_slow") return { ok: false, reason: bytes, fileName };
  const prepared = await prepareFile(fileName, bytes);
  if (!prepared.ok) return { ok: false, reason: prepared.reason, fileName };

  const waiting = waitingLimits();
  const stored = await (await db()).transaction(async (tx) => {
    // One upload at a time per customer from here: the count below cannot be stale.
    await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, uploader.id)).for("update");
    const [held] = await tx
      .select({ files: count(), bytes: sum(caseAttachments.size) })
      .from(caseAttachments)
      .where(and(eq(caseAttachments.uploadedBy, uploader.id), isNull(caseAttachments.caseId)));
    if (held.files + 1 > waiting.files || Number(held.bytes ?? 0) + prepared.file.data.length > waiting.bytes) return null;
    return storeFile(tx, uploader, prepared.file);
  });
  if (!stored) return { ok: false, reason: "waiting_full", fileName };
  return { ok: true, id: stored, fileName, size: prepared.file.data.length, contentType: prepared.file.contentType };
}

/** "Remove" on a file sent ahead: the customer's own upload, while no message has taken it. */
export async function removeWaitingUpload(uploader: Pick<Customer, "id">, id: string): Promise<boolean> {
  if (!UPLOAD_ID.test(id)) return false;
  const waiting = await pendingUploads(uploader, [id]);
  if (waiting.length === 0) return false;
  await discardUploads(uploader, [id]);
  return true;
}
