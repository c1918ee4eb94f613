import type { AttachmentTypeName } from "@/lib/config";

/**
 * What a file is, decided from its bytes only (issue 26): never its name or the type the browser
 * claims, which anyone can set. Binary kinds are recognised by file-type (a maintained library of
 * magic numbers); text is what file-type does not recognise and is valid UTF-8 without control
 * characters.
 */
export type FileKind = { name: AttachmentTypeName; contentType: string; image: boolean };

const byMime: Record<string, FileKind> = {
  "image/png": { name: "png", contentType: "image/png", image: true },
  "image/jpeg": { name: "jpeg", contentType: "image/jpeg", image: true },
  "image/gif": { name: "gif", contentType: "image/gif", image: true },
  "image/webp": { name: "webp", contentType: "image/webp", image: true },
  "image/heic": { name: "heic", contentType: "image/heic", image: true },
  "image/heif": { name: "heic", contentType: "image/heic", image: true },
  "application/pdf": { name: "pdf", contentType: "application/pdf", image: false },
};

// Tab, line feed, carriage return and form feed are text; NUL and the other C0 controls are not.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function textKind(bytes: Uint8Array, fileName: string): FileKind | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (CONTROL.test(text)) return null;
  // Markup (HTML, SVG, XML) is not plain text: it is refused, so no browser is ever given a script to run.
  if (/^\s*</.test(text)) return null;
  // Note: CSV is text; the name only chooses which of the two text labels it is shown with.
  return /\.csv$/i.test(fileName) ? { name: "csv", contentType: "text/csv", image: false } : { name: "txt", contentType: "text/plain", image: false };
}

/** The kind of a file from its bytes, or null when it is none the portal knows. */
export async function sniffFileKind(bytes: Uint8Array, fileName: string): Promise<FileKind | null> {
  // Note: file-type ships as an ES module only; a dynamic import loads it from CommonJS too. Its
  // core entry (buffers only) is enough, and needs no Node-specific exports condition.
  const { fileTypeFromBuffer } = await import("file-type/core");
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return byMime[detected.mime] ?? null;
  return bytes.length === 0 ? null : textKind(bytes, fileName);
}
