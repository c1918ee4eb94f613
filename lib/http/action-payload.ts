/**
 * The arguments of a server action as a browser's JavaScript sends them (React's encodeReply):
 * JSON, either the whole text/plain body or the multipart field "0". Next.js decodes them before
 * any of the portal's code runs, and answers a malformed payload — not JSON, not a list of
 * arguments, nested thousands deep (which overflows its decoder's stack), a body of another type,
 * or a reference to a part that is not there — with a 500, quoting the body in its log. The proxy
 * checks them first with this and answers 415 or 400 instead (issues 11 and 22).
 */
const MAX_NESTING = 32;

/**
 * React's reply decoder reads a string that starts with "$" as a reference (parseModelString in
 * react-server-dom's ReactFlightReplyServer): "$@" a promise, "$h" a server function, "$Q"/"$W" a
 * Map or Set, "$K" a FormData, "$B" a Blob, "$T" an opaque value, "$i", "$A", "$O"…"$V", "$R",
 * "$r", "$X", "$x" iterators, buffers and streams, "$n" a BigInt, and "$<hex>[:path]" another part.
 * The portal's arguments are a form state (strings, booleans, objects, undefined) and, from a form,
 * its FormData — so only these pass: a literal "$" escaped as "$$", the plain values React writes
 * as strings, and (in a multipart body, where its fields are) a FormData. Anything else would make
 * the framework fetch a part that is not there, or build something no action takes.
 */
const PLAIN_VALUE = /^\$(\$[\s\S]*|undefined|NaN|Infinity|-Infinity|-0|D[0-9TZ:.+-]{10,40})$/;
const FORM_DATA = /^\$K[0-9a-f]{1,8}$/;

export type PayloadVerdict = { ok: true } | { ok: false; status: 400 | 415 };

/** Deepest nesting of arrays and objects in a JSON text, without parsing it (so without recursion). */
export function jsonNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const character = text[i];
    if (inString) {
      if (character === "\\") i += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === "[" || character === "{") deepest = Math.max(deepest, ++depth);
    else if (character === "]" || character === "}") depth -= 1;
  }
  return deepest;
}

/** Every string value in a parsed JSON value (keys are not read as references; nesting is already bounded). */
function* stringValues(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringValues(item);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) yield* stringValues(item);
}

/**
 * True when the text is a JSON list of arguments that the framework can decode safely: bounded
 * nesting, and no reference but the ones the portal's pages send (`formData`: the body is
 * multipart, so a FormData argument is possible).
 */
export function isReadableActionArguments(text: string, options: { formData?: boolean } = {}): boolean {
  if (jsonNesting(text) > MAX_NESTING) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(parsed)) return false;
  for (const value of stringValues(parsed)) {
    if (value.startsWith("$") && !PLAIN_VALUE.test(value) && !(options.formData && FORM_DATA.test(value))) return false;
  }
  return true;
}

/** The media type of a Content-Type header, lower-cased, without its parameters. */
function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** One part of a multipart body: its field name, and its text unless it is a file or not UTF-8. */
type FormPart = { name: string; value: string | null };

const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
const DISPOSITION = /^form-data((?:[ \t]*;[ \t]*[A-Za-z*]+="[^"\\\r\n]*")*)[ \t]*$/i;
const DISPOSITION_PARAMETER = /;[ \t]*([A-Za-z*]+)="([^"\\\r\n]*)"/g;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The parts of a multipart body, read strictly, or null. Next.js reads server action bodies with
 * busboy, and where parsers differ (a part with two Content-Disposition headers: Node's reader takes
 * the last, busboy the first; `name*=`; escaped quotes; another charset; a transfer encoding), a
 * check made with one parser does not hold for the other. So anything on which they could disagree
 * is refused, and what is left reads the same in both (issue 22 item 6).
 */
export function readMultipart(contentType: string, body: Uint8Array): FormPart[] | null {
  const boundaries = [...contentType.matchAll(/;[ \t]*boundary=(?:"([^"]{1,70})"|([^;\s"]{1,70}))/gi)];
  if (boundaries.length !== 1) return null;
  const delimiter = `--${boundaries[0][1] ?? boundaries[0][2]}`;
  // latin1 keeps one character per byte, so positions are byte offsets.
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1");
  let position = text.startsWith(delimiter) ? 0 : text.indexOf(`\r\n${delimiter}`) + 2;
  if (position < 0 || position === 1) return null;
  const parts: FormPart[] = [];
  for (;;) {
    position += delimiter.length;
    if (text.startsWith("--", position)) return parts;
    if (!text.startsWith("\r\n", position)) return null;
    const headerEnd = text.indexOf("\r\n\r\n", position + 2);
    const next = text.indexOf(`\r\n${delimiter}`, position);
    if (headerEnd < 0 || next < 0 || headerEnd > next) return null;
    const part = readPartHeaders(text.slice(position + 2, headerEnd));
    if (!part) return null;
    const content = body.subarray(headerEnd + 4, next);
    let name: string;
    let value: string | null = null;
    try {
      name = utf8.decode(Buffer.from(part.name, "latin1"));
    } catch {
      return null;
    }
    try {
      if (!part.file) value = utf8.decode(content);
    } catch {
      // Not UTF-8: no argument can be read from it (a form's own field says so itself).
      value = null;
    }
    parts.push({ name, value });
    position = next + 2;
  }
}

function readPartHeaders(block: string): { name: string; file: boolean } | null {
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of block.split("\r\n")) {
    const header = HEADER_LINE.exec(line);
    if (!header) return null;
    const field = header[1].toLowerCase();
    if (field === "content-disposition") {
      if (disposition !== null) return null;
      disposition = header[2];
    } else if (field === "content-type") {
      if (contentType !== null) return null;
      contentType = header[2];
    } else if (field === "content-transfer-encoding") return null;
  }
  if (contentType !== null) {
    const charset = /;[ \t]*charset=("?)([^";\s]*)\1/i.exec(contentType);
    if (charset && charset[2].toLowerCase() !== "utf-8" && charset[2].toLowerCase() !== "utf8") return null;
  }
  const form = disposition === null ? null : DISPOSITION.exec(disposition);
  if (!form) return null;
  const parameters = new Map<string, string>();
  for (const [, key, value] of form[1].matchAll(DISPOSITION_PARAMETER)) {
    const lower = key.toLowerCase();
    if ((lower !== "name" && lower !== "filename") || parameters.has(lower)) return null;
    parameters.set(lower, value);
  }
  const name = parameters.get("name");
  return name === undefined ? null : { name, file: parameters.has("filename") };
}

/**
 * A field name React's reply decoder reads as a part number (it takes `+name`): "0", "12", but
 * also "00", "0x0", " 1", "1e0" and "" — or, in the `S<number>` form, a stream's part.
 */
function partNumber(name: string): "canonical" | "other" | null {
  if (/^S/.test(name) && name.length > 1 && Number.isFinite(Number(name.slice(1)))) return "other";
  const number = Number(name);
  if (!Number.isInteger(number)) return null;
  return String(number) === name ? "canonical" : "other";
}

const refuse400 = { ok: false, status: 400 } as const;

/**
 * A server action's multipart body as the framework would decode it: a root "0", each numeric part
 * once and readable. Note: other names may repeat — they are the form's own fields (`1_files` for
 * every file a `multiple` input sends), which React hands over as FormData entries, never decodes.
 */
function checkActionParts(parts: FormPart[]): PayloadVerdict {
  const names = new Set<string>();
  for (const part of parts) {
    const number = partNumber(part.name);
    if (number !== null && names.has(part.name)) return refuse400;
    names.add(part.name);
    if (number === "other") return refuse400;
    if (number === "canonical" && (part.value === null || !isReadableActionArguments(part.value, { formData: true }))) return refuse400;
  }
  return names.has("0") ? { ok: true } : refuse400;
}

const BOUND_ACTION = /^\{"id":"[0-9a-f]{2,128}","bound":(null|"\$@1")\}$/;

/**
 * A form posted without JavaScript: React's decodeAction reads `$ACTION_REF_<n>` and then
 * `$ACTION_<n>:0` as {id, bound}, decoding the bound arguments from the other `$ACTION_<n>:<k>`
 * fields with the same reply decoder — so they get the same check as a script's arguments.
 */
function checkNoScriptParts(parts: FormPart[]): PayloadVerdict {
  let references = 0;
  const names = new Set<string>();
  for (const part of parts) {
    if (!part.name.startsWith("$ACTION_")) continue;
    if (names.has(part.name)) return refuse400;
    names.add(part.name);
    if (part.name.startsWith("$ACTION_REF_")) {
      references += 1;
      if (references > 2) return refuse400;
      continue;
    }
    const bound = /^\$ACTION_[^:]*:(.*)$/.exec(part.name);
    if (!bound) continue;
    if (part.value === null) return refuse400;
    if (bound[1] === "0") {
      if (!BOUND_ACTION.test(part.value)) return refuse400;
    } else if (!isReadableActionArguments(part.value, { formData: true })) return refuse400;
  }
  return { ok: true };
}

/**
 * Whether a POST's body (already known to be small) is one the framework can take. With a
 * Next-Action header it is a server action called by script; Next.js reads it as multipart when the
 * raw Content-Type starts with "multipart/form-data" (case-sensitive), refuses exactly
 * "application/x-www-form-urlencoded", and decodes any other body as JSON. Without the header, a
 * multipart body may still be a form posted without JavaScript that names a server action.
 */
export async function checkActionPayload(request: Request): Promise<PayloadVerdict> {
  const contentType = request.headers.get("content-type") ?? "";
  const isAction = request.headers.has("next-action");
  if (contentType.startsWith("multipart/form-data")) {
    const parts = readMultipart(contentType, new Uint8Array(await request.arrayBuffer()));
    if (!parts) return refuse400;
    return isAction ? checkActionParts(parts) : checkNoScriptParts(parts);
  }
  if (!isAction) return { ok: true };
  if (mediaType(contentType) !== "text/plain") return { ok: false, status: 415 };
  // Note: Request.text() drops a leading byte order mark; Next.js's JSON.parse does not.
  let text: string;
  try {
    text = utf8.decode(new Uint8Array(await request.arrayBuffer()));
  } catch {
    return refuse400;
  }
  return isReadableActionArguments(text) ? { ok: true } : refuse400;
}
