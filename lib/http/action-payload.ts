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
 * What a server action's body may be. The portal's pages send multipart/form-data (a form: its
 * fields and, with JavaScript, the arguments in "0") or text/plain (arguments only, from an action
 * called with plain values). Next.js itself answers an urlencoded body with 404 and decodes every
 * other type as JSON, so XML, octet-streams and bodies with no type never reach it.
 */
const ACTION_CONTENT_TYPES = ["multipart/form-data", "text/plain", "application/x-www-form-urlencoded"];

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

/** Whether a server action request's body (already known to be small) is one the framework can take. */
export async function checkActionPayload(request: Request): Promise<PayloadVerdict> {
  const type = mediaType(request.headers.get("content-type"));
  if (!ACTION_CONTENT_TYPES.includes(type)) return { ok: false, status: 415 };
  if (type === "text/plain") return isReadableActionArguments(await request.text()) ? { ok: true } : { ok: false, status: 400 };
  if (type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return { ok: false, status: 400 };
    }
    const root = form.get("0");
    // Note: a browser without JavaScript posts the form itself, with no "0" field.
    const readable = root === null || (typeof root === "string" && isReadableActionArguments(root, { formData: true }));
    return readable ? { ok: true } : { ok: false, status: 400 };
  }
  return { ok: true };
}
