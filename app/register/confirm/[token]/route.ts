import type { NextRequest } from "next/server";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";
import { checkRegistrationLink, registrationCookieName } from "@/lib/registration/registration";

/** The registration mail's link: never used up by opening it (S13); the token moves into a cookie. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return landOnMailedLink(token, registrationCookieName(), "/register/confirm", (presented) => checkRegistrationLink(presented, requestMeta(request.headers), "link"));
}
