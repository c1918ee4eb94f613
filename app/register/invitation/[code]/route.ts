import type { NextRequest } from "next/server";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";
import { checkInvitation, invitationCookieName, normalizeInvitationCode } from "@/lib/registration/invitations";

/** The invitation mail's link: the code moves into a cookie, out of the address bar (as S13 for reset links). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ code: string }> }) {
  const code = normalizeInvitationCode((await params).code);
  return landOnMailedLink(code, invitationCookieName(), "/register/invitation", (presented) => checkInvitation(presented, requestMeta(request.headers), "link"));
}
