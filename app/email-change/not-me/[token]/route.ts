import type { NextRequest } from "next/server";
import { checkNotMeLink, notMeCookieName } from "@/lib/account/email-change";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";

/** "This wasn't me", mailed to the old address: opening it changes nothing (S13); the page's button does. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return landOnMailedLink(token, notMeCookieName(), "/email-change/not-me", (presented) => checkNotMeLink(presented, requestMeta(request.headers), "link"));
}
