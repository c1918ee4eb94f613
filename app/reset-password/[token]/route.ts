import { NextResponse, type NextRequest } from "next/server";
import { checkResetLink, resetCookieName, resetCookieOptions } from "@/lib/auth/password-reset";
import { config } from "@/lib/config";
import { requestMeta } from "@/lib/http/client-ip";

/**
 * The emailed link. S13: opening it never consumes the token (mail scanners open links too); a
 * good token moves into a short-lived cookie and the browser goes on to a URL without it. S14: the
 * same rule and limit as the form's submission (checkResetLink).
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const response = NextResponse.redirect(new URL("/reset-password", config().appUrl), 303);
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("Cache-Control", "no-store");
  const link = await checkResetLink(token, requestMeta(request.headers), "link");
  if (link) response.cookies.set(resetCookieName(), token, resetCookieOptions());
  else response.cookies.set(resetCookieName(), "", resetCookieOptions(0));
  return response;
}
