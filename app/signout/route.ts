import { NextResponse } from "next/server";
import { auth } from "@/auth";
import { recordAudit } from "@/lib/audit";
import { requestMeta } from "@/lib/http/client-ip";
import { config } from "@/lib/config";
import { isSameOriginPost } from "@/lib/http/same-origin";
import { clearedSessionCookieOptions, sessionCookieName } from "@/lib/auth/session-policy";
import { revokeSession } from "@/lib/auth/sessions";

/**
 * "Sign out": ends this session on the server (S33) so a copied cookie is refused, clears the
 * cookie, and asks the browser to drop the site's cookies and storage (S38).
 */
export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return new Response("Forbidden", { status: 403 });
  const session = await auth();
  if (session?.sessionId) {
    await revokeSession(session.sessionId, session.remember, session.authTime);
    await recordAudit({ event: "signed_out", customerId: session.user?.id, meta: requestMeta(request.headers) });
  }
  const response = NextResponse.redirect(new URL("/", config().appUrl), 303);
  response.cookies.set(sessionCookieName(), "", clearedSessionCookieOptions());
  response.headers.set("Clear-Site-Data", '"cookies", "storage"');
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export function GET() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}
