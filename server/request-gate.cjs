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

function bodyLimitOf(upper, url, headers) {
  const path = String(url).split(/[?#]/)[0];
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

/** @returns {{ status: number, message: string } | null} why the request is refused, or null */
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
  if (Number(length) > bodyLimitOf(upper, url, headers)) return { status: 413, message: "Request too large." };
  return null;
}

module.exports = { MAX_BODY_BYTES, MAX_UPLOAD_BODY_BYTES, inspectRequest, isReadablePath };
