import { openAsBlob } from "node:fs";
import { requestContexts } from "@/lib/log";

/**
 * A form's files (issue 26). With JavaScript they come in the form itself (the staff case page) or
 * ahead of it (`uploaded` ids). Without JavaScript, on a server with the preload, server/preload.cjs
 * has written each one to disk as it arrived (server/form-files.cjs) and the form names it
 * instead (`portal-spooled:<token>`), so that Next.js never holds the files in memory. Here both
 * become `File`s; a spooled one is backed by its file on disk and read only when its bytes are
 * asked for, in an upload slot (attachments.ts).
 */

// Shared with server/form-files.cjs.
const SPOOLED_FILES = Symbol.for("portal.spooledFormFiles");
const SPOOLED_PREFIX = "portal-spooled:";

type SpooledFile = { path: string; fileName: string; type: string; size: number; requestId: string };

function spooledFile(token: string): SpooledFile | null {
  const spooled = (globalThis as unknown as Record<symbol, Map<string, SpooledFile> | undefined>)[SPOOLED_FILES];
  const entry = spooled?.get(token);
  // A token is good only in the request that brought its file: never one named in another post.
  if (!entry || entry.requestId !== requestContexts().getStore()?.requestId) return null;
  return entry;
}

/**
 * The files of the form's field `field` (the browser's empty entry, sent when none was chosen, is
 * not a file). Null when a spooled file named in the form is not this request's: the form is then
 * refused, never posted without it.
 */
export async function formFiles(formData: FormData, field = "files"): Promise<File[] | null> {
  const files: File[] = [];
  for (const entry of formData.getAll(field)) {
    if (typeof entry !== "string") {
      if (!(entry.size === 0 && entry.name === "")) files.push(entry);
      continue;
    }
    if (!entry.startsWith(SPOOLED_PREFIX)) continue;
    const spooled = spooledFile(entry.slice(SPOOLED_PREFIX.length));
    if (!spooled) return null;
    // Note: a File made from a file-backed Blob stays on disk until it is read.
    files.push(new File([await openAsBlob(spooled.path, { type: spooled.type })], spooled.fileName, { type: spooled.type }));
  }
  return files;
}
