"use strict";
/**
 * What no request may bring to the portal, decided from its first line and headers alone, before
 * any framework code parses it (issue 11): a path that does not decode, a body too large to be a
 * form, or a body of unannounced length. Used by server/preload.cjs on a Node host and by
 * proxy.ts where no preload runs (Vercel). Plain CommonJS so both can load it.
 */

/** The largest body any portal form sends, with room to spare; Next.js's own limit is 1 MB. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Issue 26: the forms that take files (Create Case, a case's reply, the staff case page) may send
 * a message's files — at most 25 MB, ATTACHMENT_MAX_MESSAGE_MB's ceiling — plus the form's text
 * and the multipart framing. Only a multipart POST to one of those addresses gets the room.
 */
const MAX_UPLOAD_BODY_BYTES = 26 * 1024 * 1024;
const UPLOAD_PATHS = /^\/(?:support\/cases\/(?:new|\d{1,15})|staff\/cases\/\d{1,15})$/;

// Issue 28: an inbound-mail provider posts a raw mail of up to 25 MB (the reader's own limit) here.
const INBOUND_MAIL_PATH = /^\/api\/inbound-mail$/;

/**
 * With JavaScript, each file is sent alone to POST /api/attachments (its body is the file's bytes);
 * the route refuses more than ATTACHMENT_MAX_FILE_MB itself, whose ceiling is 25 MB.
 */
const UPLOAD_ROUTE = "/api/attachments";

/**
 * A form that takes files, posted as a browser posts it (multipart). Issue 26: its body is read by
 * Next.js, not by the portal, so the preload times it (ATTACHMENT_READ_SECONDS).
 */
function isFormUpload({ method, url, headers }) {
  const path = String(url).split(/[?#]/)[0];
  return String(method || "").toUpperCase() === "POST" && /^multipart\/form-data/i.test(String(headers["content-type"] || "")) && UPLOAD_PATHS.test(path);
}

/**
 * Where a browser without JavaScript is shown why its form was not taken when the form's files
 * are over the gate (issue 26): a page in the visitor's language with the limits, instead of a
 * bare 413 the browser shows as text. A script's post (a server action, `next-action`) keeps the
 * 413: the attachment field refuses such files before sending.
 */
const FILES_TOO_LARGE_PAGE = "/files-too-large";

function filesTooLargePage({ method, url, headers }) {
  if (headers["next-action"] || !isFormUpload({ method, url, headers })) return null;
  return `${FILES_TOO_LARGE_PAGE}?from=${encodeURIComponent(String(url).split(/[?#]/)[0])}`;
}

function bodyLimitOf(upper, url, headers) {
  const path = String(url).split(/[?#]/)[0];
  if (upper === "POST" && (path === UPLOAD_ROUTE || INBOUND_MAIL_PATH.test(path))) return MAX_UPLOAD_BODY_BYTES;
  const multipart = /^multipart\/form-data/i.test(String(headers["content-type"] || ""));
  return upper === "POST" && multipart && UPLOAD_PATHS.test(path) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
}

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** True when every %-escape in the path decodes to UTF-8 and none of it is a control character. */
function isReadablePath(rawUrl) {
  if (typeof rawUrl !== "string" || !rawUrl.startsWith("/")) return false;
  const queryAt = rawUrl.search(/[?#]/);
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return !/[\u0000-\u001f\u007f]/.test(decoded);
}

/**
 * @returns {{ status: number, message: string, page?: string } | null} why the request is refused,
 *   or null; `page`: the address of the portal's page that says why, for a browser's form
 */
function inspectRequest({ method, url, headers }) {
  if (!isReadablePath(url)) return { status: 400, message: "Bad request: the address is not valid." };
  const upper = String(method || "GET").toUpperCase();
  if (!WITH_BODY.has(upper)) return null;
  const length = headers["content-length"];
  if (length === undefined || length === null || length === "") {
    // Browsers announce the length of every form and fetch body; a chunked one could be endless.
    if (headers["transfer-encoding"]) return { status: 411, message: "Length required." };
    return null;
  }
  if (!/^\d{1,15}$/.test(String(length))) return { status: 400, message: "Bad request: invalid Content-Length." };
  if (Number(length) > bodyLimitOf(upper, url, headers)) {
    const page = filesTooLargePage({ method, url, headers });
    return { status: 413, message: "Request too large.", ...(page ? { page } : {}) };
  }
  return null;
}

module.exports = { FILES_TOO_LARGE_PAGE, MAX_BODY_BYTES, MAX_UPLOAD_BODY_BYTES, UPLOAD_PATHS, inspectRequest, isFormUpload, isReadablePath };
