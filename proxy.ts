import NextAuth, { type Session } from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig, isProtectedPath } from "@/auth.config";
import { config as settings } from "@/lib/config";
import { contentSecurityPolicy, createNonce } from "@/lib/http/security-headers";
import { applySessionCookiePolicy } from "@/lib/auth/session-cookie";

const { auth } = NextAuth(() => authConfig());

/**
 * Runs before every page: sets the page's CSP nonce, refreshes the session's idle clock, and sends a
 * signed-out visitor of a protected page to "Sign in". S34: that redirect is only a convenience;
 * protected pages and actions check the session themselves.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, {
    development: !settings().production,
    https: settings().appUrl.startsWith("https:"),
  });
  let session: Session | null = null;

  // Note: with a lazily built config, auth(handler) resolves to the wrapped handler.
  const handle = await auth((req) => {
    session = req.auth;
    const { pathname, search } = req.nextUrl;
    if (isProtectedPath(pathname) && !req.auth) {
      const signIn = new URL("/signin", settings().appUrl);
      signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
      return NextResponse.redirect(signIn, 303);
    }
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    return NextResponse.next({ request: { headers } });
  });

  const response = (await handle(request, event as never)) as Response;
  response.headers.set("content-security-policy", csp);
  // Note: the idle clock is refreshed by page requests only. A prefetch is not the customer's
  // activity, and a server action (a POST) may be the one signing out: a refreshed cookie on
  // either can land after the cookie that clears the session and put a signed-out cookie back.
  const prefetch =
    request.headers.has("next-router-prefetch") ||
    request.headers.has("next-router-segment-prefetch") ||
    /prefetch/.test(request.headers.get("sec-purpose") ?? "");
  applySessionCookiePolicy(response.headers, session, { refresh: request.method === "GET" && !prefetch });
  return response;
}

export const config = {
  // Pages only: static files, images and the API answer without it. Note: /signout too — the
  // proxy would refresh the very session cookie that sign-out clears, in the same response.
  matcher: ["/((?!_next/static|_next/image|api/|signout|favicon.ico|robots.txt).*)"],
};
