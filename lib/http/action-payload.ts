/**
 * The arguments of a server action as a browser's JavaScript sends them (React's encodeReply):
 * JSON, either the whole text/plain body or the multipart field "0". Next.js decodes them before
 * any of the portal's code runs, and answers a malformed payload — not JSON, not a list of
 * arguments, or nested thousands deep (which overflows its decoder's stack) — with a 500. The
 * proxy checks them first with this and answers 400 instead (issue 11).
 */
const MAX_NESTING = 32;

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

/** True when the text is a JSON list of arguments that the framework can decode safely. */
export function isReadableActionArguments(text: string): boolean {
  if (jsonNesting(text) > MAX_NESTING) return false;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Whether a server action request's body (already known to be small) carries readable arguments. */
export async function hasReadableActionPayload(request: Request): Promise<boolean> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("text/plain")) return isReadableActionArguments(await request.text());
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return false;
    }
    const root = form.get("0");
    // Note: a browser without JavaScript posts the form itself, with no "0" field.
    return root === null || (typeof root === "string" && isReadableActionArguments(root));
  }
  return true;
}
