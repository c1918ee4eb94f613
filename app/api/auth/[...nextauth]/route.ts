import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/auth";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { sessionState } from "@/lib/auth/external-session";
import { clearedSessionCookieOptions, sessionCookieName } from "@/lib/auth/session-policy";
import { applySessionCookiePolicy } from "@/lib/auth/session-cookie";

/**
 * Auth.js's routes. An external sign-in ends at /api/auth/callback/<provider>, which the proxy
 * does not see: its session cookie gets the same rule as a password sign-in without "Remember me?"
 * — a browser-session cookie (S31).
 */
export async function GET(request: NextRequest) {
  const callback = request.nextUrl.pathname.includes("/callback/");
  // Note: Auth.js links an external identity to whichever customer the session cookie names,
  // without our revocation checks. A cookie whose session has ended (signed out, revoked, expired)
  // is dropped and the browser sent round again without it, so it can never link anything.
  if (callback && (await sessionState(request.cookies.get(sessionCookieName())?.value)) === "ended") {
    const retry = NextResponse.redirect(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, config().appUrl), 303);
    retry.cookies.set(sessionCookieName(), "", clearedSessionCookieOptions());
    return retry;
  }
  const response = await handlers.GET(request);
  if (callback) applySessionCookiePolicy(response.headers, { remember: false, authTime: now().getTime() }, { keepAuthJsCookies: true });
  return response;
}

/**
 * Note: the sign-in page's server action is the one way to sign in with a password; it applies
 * the IP throttle and the cookie rules (S28, S31). Auth.js's own credentials endpoint is closed so
 * no second, differently-behaving path exists (S29).
 */
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    return new Response("Not found", { status: 404 });
  }
  const response = await handlers.POST(request);
  if (request.nextUrl.pathname.includes("/callback/")) {
    applySessionCookiePolicy(response.headers, { remember: false, authTime: now().getTime() }, { keepAuthJsCookies: true });
  }
  return response;
}
