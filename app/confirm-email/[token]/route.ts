import type { NextRequest } from "next/server";
import { checkConfirmationLink, confirmationCookieName } from "@/lib/auth/email-confirmation";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";

/** The confirmation mail's link: never used up by opening it (S13); the token moves into a cookie. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return landOnMailedLink(token, confirmationCookieName(), "/confirm-email", (presented) => checkConfirmationLink(presented, requestMeta(request.headers), "link"));
}
