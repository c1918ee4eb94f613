import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit";
import { requestMeta } from "@/lib/http/client-ip";
import { config } from "@/lib/config";
import { findValidResetLink } from "@/lib/auth/password-reset";
import { checkLimit, consumeLimit } from "@/lib/http/rate-limit";
import { resetCookieName, resetCookieOptions } from "@/lib/auth/reset-link-cookie";

/**
 * The emailed link. S13: opening it never consumes the token (mail scanners open links too); a
 * good token moves into a short-lived cookie and the browser goes on to a URL without it.
 * S14: a client that keeps presenting bad tokens is not even checked any more.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const meta = requestMeta(request.headers);
  const target = new URL("/reset-password", config().appUrl);
  const response = NextResponse.redirect(target, 303);
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("Cache-Control", "no-store");

  const throttled = (await checkLimit("invalidResetTokensPerIp", meta.ip)).limited;
  const link = throttled ? null : await findValidResetLink(token);
  if (link) {
    response.cookies.set(resetCookieName(), token, resetCookieOptions());
  } else {
    response.cookies.set(resetCookieName(), "", resetCookieOptions(0));
    if (!throttled) {
      await consumeLimit("invalidResetTokensPerIp", meta.ip);
      await recordAudit({ event: "reset_token_rejected", meta, details: { stage: "link" } });
    }
  }
  return response;
}
