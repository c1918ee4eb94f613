import { NextResponse, type NextRequest } from "next/server";
import { openSession, refreshedSessionSetCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import { IDLE_CLOCK_RESOLUTION_MS, isWithinLimits } from "@/lib/auth/session-limits";
import { now } from "@/lib/clock";
import { config as settings } from "@/lib/config";
import { databaseReachable } from "@/lib/db/reachable";
import { checkActionPayload } from "@/lib/http/action-payload";
import { isSameOrigin } from "@/lib/http/same-origin";
import { contentSecurityPolicy, createNonce } from "@/lib/http/security-headers";
import { RETRY_AFTER_SECONDS, unavailableLocale, unavailablePage } from "@/lib/http/unavailable-page";
import { LOCALE_COOKIE } from "@/i18n/request-locale";
import requestGate from "@/server/request-gate.cjs";

/** Pages that need a signed-in customer (or staff member). The proxy redirects for convenience; each page checks again (S34). */
const PROTECTED_PATHS = ["/account", "/support/cases", "/staff"];

function isProtectedPath(pathname: string) {
  return PROTECTED_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

// Identity providers that answer with response_mode=form_post POST back from their own origin; an
// inbound-mail provider posts mail from its servers (issue 28; the route checks its signature).
const CROSS_SITE_POSTS_ALLOWED = /^\/api\/(?:auth\/callback\/|inbound-mail$)/;

function refuse(status: number, message: string) {
  return new NextResponse(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

function unavailable(request: NextRequest) {
  const locale = unavailableLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  const { pathname, search } = request.nextUrl;
  const csp = contentSecurityPolicy(createNonce(), { development: !settings().production, https: settings().appUrl.startsWith("https:") });
  return new NextResponse(request.method === "HEAD" ? null : unavailablePage(locale, `${pathname}${search}`), {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-language": locale,
      "retry-after": String(RETRY_AFTER_SECONDS),
      "cache-control": "no-store",
      "content-security-policy": csp,
    },
  });
}

// Issue 31: a withdrawn (archived) Knowledge Base article answers 410 Gone; its page says so.
const ARTICLE_PATH = /^\/knowledge-base\/([a-z0-9-]{1,100})$/;

async function pageStatus(request: NextRequest): Promise<number | undefined> {
  // Issue 26: the page a form over the request gate is shown (server/preload.cjs) keeps the gate's status.
  if (request.nextUrl.pathname === requestGate.FILES_TOO_LARGE_PAGE) return 413;
  const article = request.method === "GET" ? ARTICLE_PATH.exec(request.nextUrl.pathname) : null;
  if (!article) return undefined;
  const { isWithdrawnAddress } = await import("@/lib/knowledge-base/reading");
  // A database that does not answer leaves the answer to the page (which reports it as every page does).
  return (await isWithdrawnAddress(article[1]).catch(() => false)) ? 410 : undefined;
}

function isPrefetch(request: NextRequest) {
  return (
    request.headers.has("next-router-prefetch") ||
    request.headers.has("next-router-segment-prefetch") ||
    /prefetch/.test(request.headers.get("sec-purpose") ?? "")
  );
}

/**
 * Runs before every request that is not a static file:
 * 1. Refuses what no page accepts, before the framework parses it: an undecodable path (400), an
 *    oversized body (413) — the same gate server/preload.cjs applies where it runs — a POST from
 *    another origin (403, S35), a server action body of a type no form sends (415) or whose
 *    arguments cannot be decoded or hold references no page sends (400); Next.js itself would
 *    answer the last three with a 500.
 * 2. For pages and server actions while the database cannot be reached: the portal's 503 page
 *    with Retry-After (lib/db/reachable.ts checks at most once a second).
 * 3. For pages: the CSP nonce, a signed-out visitor of a protected page sent to "Sign in", and the
 *    session's idle clock moved on once a minute. S34: that redirect is only a convenience;
 *    protected pages and actions check the session themselves.
 */
export default async function proxy(request: NextRequest) {
  const refusal = requestGate.inspectRequest({
    method: request.method,
    url: `${request.nextUrl.pathname}${request.nextUrl.search}`,
    headers: Object.fromEntries(request.headers),
  });
  if (refusal) return refuse(refusal.status, refusal.message);
  const { pathname, search } = request.nextUrl;
  if (request.method !== "GET" && request.method !== "HEAD" && !CROSS_SITE_POSTS_ALLOWED.test(pathname) && !isSameOrigin(request)) {
    return refuse(403, "Forbidden: this request did not come from the portal's own pages.");
  }
  if (pathname.startsWith("/api/") || pathname === "/signout") return NextResponse.next();
  // Issue 23: every page and server action needs the database; without it, the portal's own 503
  // page at once, before anything waits on it or fails with the framework's 500.
  if (!(await databaseReachable())) return unavailable(request);
  // Note: a form posted without JavaScript names its server action in its fields, not in a header.
  if (request.method === "POST" && (request.headers.has("next-action") || (request.headers.get("content-type") ?? "").startsWith("multipart/form-data"))) {
    const verdict = await checkActionPayload(request.clone());
    if (!verdict.ok && verdict.status === 415) return refuse(415, "Unsupported media type: the portal's forms send form data.");
    if (!verdict.ok) return refuse(400, "Bad request: the form could not be read.");
  }
  const headers = new Headers(request.headers);
  // Note: the origin has been checked against APP_URL above. Next.js compares a server action's
  // Origin with the Host header, which a client writes: pin it to APP_URL's host so that a forged
  // Host is simply ignored (S15) instead of failing inside the framework.
  if (request.method === "POST") headers.set("x-forwarded-host", new URL(settings().appUrl).host);

  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { development: !settings().production, https: settings().appUrl.startsWith("https:") });
  const sessionCookie = request.cookies.get(sessionCookieName())?.value;
  const claims = await openSession(sessionCookie);
  const time = now();
  const signedIn = claims !== null && isWithinLimits(claims, time);

  // Issue 26: a form posted with a session that has just ended reaches its action, which checks the
  // session itself (S34) and keeps what was typed for the customer the sealed cookie names.
  const endedSessionPost = request.method === "POST" && claims !== null;
  if (isProtectedPath(pathname) && !signedIn && !endedSessionPost) {
    const signIn = new URL("/signin", settings().appUrl);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn, 303);
  }
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers }, status: await pageStatus(request) });
  response.headers.set("content-security-policy", csp);
  // Note: the idle clock moves on page requests only. A prefetch is not the customer's activity,
  // and a server action (a POST) may be the one signing out: a refreshed cookie on either could
  // land after the cookie that clears the session and put a signed-out cookie back.
  if (signedIn && request.method === "GET" && !isPrefetch(request) && time.getTime() - claims.lastSeen > IDLE_CLOCK_RESOLUTION_MS) {
    response.headers.append("set-cookie", await refreshedSessionSetCookie(sessionCookie!, claims, time.getTime()));
    // S38: a response that sets the session cookie is never cached.
    response.headers.set("cache-control", "no-store");
  }
  return response;
}

export const config = {
  // Everything but the build's static files and the upload route. Anchored: /robots.txtX or
  // /_next/staticX is a page like any other. Issue 26: Next.js buffers a copy of every body the
  // proxy sees; POST /api/attachments makes the proxy's checks itself and reads its body as a stream.
  matcher: ["/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|api/attachments$).*)"],
};
