import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/auth";
import { config } from "@/lib/config";
import { clearedSessionCookieOptions, openSession, sessionCookieName, sessionCookieSetBy, sessionSetCookie } from "@/lib/auth/session-cookie";
import { sessionStateOf } from "@/lib/auth/sessions";

/**
 * S46: of Auth.js's routes only the external providers' callbacks are open — the rest (session,
 * signout, csrf, providers, signin/*, callback/credentials, error, verify-request) answer 404,
 * so none can issue, extend, persist or end a session outside the portal's rules. Sign-in starts
 * from the sign-in page's server action; sign-out is /signout.
 */
function isProviderCallback(request: NextRequest): boolean {
  const match = /^\/api\/auth\/callback\/([a-z0-9-]{1,40})$/.exec(request.nextUrl.pathname);
  return match !== null && config().externalSignIn.providers.some((provider) => provider.id === match[1]);
}

const notFound = () => new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });

/**
 * S31: Auth.js writes its session cookie with an Expires date; an external sign-in gets the same
 * cookie as a password sign-in without "Remember me?" — a browser-session cookie.
 */
async function withPortalSessionCookie(response: Response): Promise<Response> {
  const value = sessionCookieSetBy(response.headers);
  if (!value) return response;
  const claims = await openSession(value);
  const others = response.headers.getSetCookie().filter((cookie) => !cookie.startsWith(`${sessionCookieName()}=`));
  response.headers.delete("set-cookie");
  for (const cookie of others) response.headers.append("set-cookie", cookie);
  if (claims) response.headers.append("set-cookie", await sessionSetCookie(claims));
  response.headers.set("cache-control", "no-store");
  return response;
}

async function handle(request: NextRequest, method: "GET" | "POST") {
  if (!isProviderCallback(request)) return notFound();
  // Note: Auth.js links an external identity to whichever customer the session cookie names,
  // without the portal's checks. A cookie whose session has ended is dropped and the browser sent
  // round again without it, so it can never link anything.
  if ((await sessionStateOf(request.cookies.get(sessionCookieName())?.value)) === "ended") {
    const retry = NextResponse.redirect(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, config().appUrl), 303);
    retry.cookies.set(sessionCookieName(), "", clearedSessionCookieOptions());
    return retry;
  }
  return withPortalSessionCookie(await handlers[method](request));
}

export function GET(request: NextRequest) {
  return handle(request, "GET");
}

/** Providers that answer with response_mode=form_post come back with a POST. */
export function POST(request: NextRequest) {
  return handle(request, "POST");
}
