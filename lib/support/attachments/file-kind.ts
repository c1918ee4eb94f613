import { attachmentTypeNames, type AttachmentTypeName } from "@/lib/config";

/**
 * What a file is, decided from its bytes only (issue 26): never its name or the type the browser
 * claims, which anyone can set. Binary kinds are recognised by file-type (a maintained library of
 * magic numbers); text is what file-type does not recognise and is valid UTF-8 without control
 * characters.
 */
export type FileKind = { name: AttachmentTypeName; contentType: string; image: boolean };

/**
 * Each kind the portal knows, once: the type it is stored and sent with, the other types file-type
 * may name it by, and the name endings the picker offers it by as well (a system that gives a HEIC
 * photo or a text file no type still shows it). Text is not recognised by file-type (`textKind`).
 */
const kinds: Record<AttachmentTypeName, { contentType: string; image: boolean; alsoNamed?: string[]; endings?: string[]; text?: true }> = {
  png: { contentType: "image/png", image: true },
  jpeg: { contentType: "image/jpeg", image: true },
  gif: { contentType: "image/gif", image: true },
  webp: { contentType: "image/webp", image: true },
  heic: { contentType: "image/heic", image: true, alsoNamed: ["image/heif"], endings: [".heic"] },
  pdf: { contentType: "application/pdf", image: false, endings: [".pdf"] },
  txt: { contentType: "text/plain", image: false, endings: [".txt"], text: true },
  csv: { contentType: "text/csv", image: false, endings: [".csv"], text: true },
};

const kindOf = (name: AttachmentTypeName): FileKind => ({ name, contentType: kinds[name].contentType, image: kinds[name].image });

const byMime: Record<string, FileKind> = Object.fromEntries(
  attachmentTypeNames
    .filter((name) => !kinds[name].text)
    .flatMap((name) => [kinds[name].contentType, ...(kinds[name].alsoNamed ?? [])].map((mime) => [mime, kindOf(name)])),
);

/**
 * The file picker's `accept` for these kinds (ATTACHMENT_TYPES), in the order above. It only helps
 * the picker: what a file is, and whether it is taken, is decided from its bytes.
 */
export function pickerAccept(types: readonly AttachmentTypeName[]): string {
  return attachmentTypeNames
    .filter((name) => types.includes(name))
    .flatMap((name) => [kinds[name].contentType, ...(kinds[name].endings ?? [])])
    .join(",");
}

/** How a customer is told which kinds are taken: every image kind is one, "images (photos, screenshots)". */
export type KindGroup = "images" | Exclude<AttachmentTypeName, "png" | "jpeg" | "gif" | "webp" | "heic">;

/** The groups of these kinds (ATTACHMENT_TYPES), in the order above, each once. */
export function kindGroups(types: readonly AttachmentTypeName[]): KindGroup[] {
  const groups = attachmentTypeNames.filter((name) => types.includes(name)).map((name) => (kinds[name].image ? "images" : name) as KindGroup);
  return [...new Set(groups)];
}

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
  return kindOf(/\.csv$/i.test(fileName) ? "csv" : "txt");
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
