"use strict";
/**
 * Review finding F1: whether a form's post with files (server/form-files.cjs) is taken at all,
 * decided from its headers before a byte of its body is read — the checks the framework makes
 * before reading a server action's body, made here because spooling reads it — and the process's
 * count of spools in flight.
 */

/**
 * Review finding F1 (S47): spools in flight at once, in this process. Eight customers sending a
 * form with files at the same moment is more than the portal sees; each may hold 26 MiB on disk
 * for up to ATTACHMENT_READ_SECONDS, so a flood of posts cannot fill TMPDIR. One more is answered
 * 503 with Retry-After, its body discarded unread.
 */
const MAX_SPOOLS_IN_FLIGHT = 8;
const RETRY_AFTER_SECONDS = 10;
let spoolsInFlight = 0;

// The portal's session cookie (lib/auth/session-cookie.ts): `__Host-` with secure cookies.
const SESSION_COOKIE = /^(?:__Host-)?portal\.session$/;
// Installed by lib/auth/session-cookie.ts at start-up: whether a cookie value is one the portal
// sealed (it opens with the portal's secret; no database). Until it is installed, none is.
const SESSION_COOKIE_OPENS = Symbol.for("portal.sessionCookieOpens");
// A sealed session is a few hundred bytes; anything far longer is not one (and is not opened).
const MAX_SESSION_COOKIE_CHARS = 4096;

// The proxy's own words for a cross-site post (proxy.ts).
const forbidden = { status: 403, message: "Forbidden: this request did not come from the portal's own pages." };
const signedOut = { status: 403, message: "Forbidden: sign in to send files." };

/** The values of the session cookie in a Cookie header (a browser may send both names). */
function sessionCookieValues(header) {
  return String(header ?? "")
    .split(";")
    .map((pair) => {
      const at = pair.indexOf("=");
      return at === -1 ? null : { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    })
    .filter((cookie) => cookie && SESSION_COOKIE.test(cookie.name) && cookie.value && cookie.value.length <= MAX_SESSION_COOKIE_CHARS)
    .map((cookie) => cookie.value);
}

/** Whether the request carries a session cookie the portal sealed — live or ended, not made up. */
async function hasSealedSessionCookie(header) {
  const opens = globalThis[SESSION_COOKIE_OPENS];
  if (typeof opens !== "function") return false;
  for (const value of sessionCookieValues(header)) {
    try {
      if (await opens(value)) return true;
    } catch {
      // A value that breaks the opener is not a session.
    }
  }
  return false;
}

/** The host of an Origin header, or null when it is not a URL. */
function hostOf(origin) {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * Review finding F1: what to do with a form's post before a byte of its body is read — the checks
 * the framework makes before reading a server action's body, made here because spooling reads it.
 * In this order:
 * - no Content-Length (F4b): 411 — an unannounced body could never be timed (chunked is already
 *   refused by server/request-gate.cjs);
 * - S35: an Origin whose host is neither the request's Host nor its X-Forwarded-Host (the host
 *   Next.js compares a server action's Origin with; proxy.ts then checks it against APP_URL), or
 *   Sec-Fetch-Site "cross-site": 403 — a cross-site page cannot make the portal write to disk;
 * - no session cookie the portal sealed (none, or a made-up one: the cookie must open with the
 *   portal's secret, which costs no database query): "empty", the form is handed on without its
 *   body, and the portal answers it as any signed-out post (sign in). A post whose session ENDED
 *   still carries a cookie the portal sealed and is spooled, so that what was typed is kept as a
 *   draft (issue 26). A script's post (`next-action`, review finding F5) without one is refused
 *   403: an empty body is no server action's arguments;
 * - S47: MAX_SPOOLS_IN_FLIGHT already spooling: 503 with Retry-After.
 * @returns {Promise<{ refuse: { status: number, message: string, headers?: Record<string, string> } } | { empty: true } | { spool: () => void }>}
 *   `spool`: the slot taken; call it once when the response ends, whatever happened
 */
async function admitForm(request) {
  const { headers } = request;
  if (headers["content-length"] === undefined) return { refuse: { status: 411, message: "Length required." } };
  const origin = headers.origin;
  if (origin && origin !== "null") {
    const host = hostOf(origin);
    const forwarded = String(headers["x-forwarded-host"] ?? "").split(",")[0].trim();
    if (!host || (host !== headers.host && host !== forwarded)) return { refuse: forbidden };
  }
  if (headers["sec-fetch-site"] === "cross-site") return { refuse: forbidden };
  if (!(await hasSealedSessionCookie(headers.cookie))) return headers["next-action"] ? { refuse: signedOut } : { empty: true };
  // Note: no await from here to the count, so posts at once cannot all pass the check.
  if (spoolsInFlight >= MAX_SPOOLS_IN_FLIGHT) {
    return { refuse: { status: 503, message: "The portal is busy receiving other messages. Go back and send yours again in a moment.", headers: { "retry-after": String(RETRY_AFTER_SECONDS) } } };
  }
  spoolsInFlight += 1;
  let done = false;
  return {
    spool: () => {
      if (done) return;
      done = true;
      spoolsInFlight -= 1;
    },
  };
}

module.exports = { MAX_SPOOLS_IN_FLIGHT, admitForm };
