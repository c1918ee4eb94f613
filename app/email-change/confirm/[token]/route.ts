import type { NextRequest } from "next/server";
import { checkEmailChangeLink, emailChangeCookieName } from "@/lib/account/email-change";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";

/** The link mailed to the new address: never used up by opening it (S13); the token moves into a cookie. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return landOnMailedLink(token, emailChangeCookieName(), "/email-change/confirm", (presented) => checkEmailChangeLink(presented, requestMeta(request.headers), "link"));
}
