import type { NextRequest } from "next/server";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { checkResetLink, resetCookieName } from "@/lib/auth/password-reset";
import { requestMeta } from "@/lib/http/client-ip";

/**
 * The emailed link. S13: opening it never consumes the token (mail scanners open links too); a
 * good token moves into a short-lived cookie and the browser goes on to a URL without it. S14: the
 * same rule and limit as the form's submission (checkResetLink).
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return landOnMailedLink(token, resetCookieName(), "/reset-password", (presented) => checkResetLink(presented, requestMeta(request.headers), "link"));
}
