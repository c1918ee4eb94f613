import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/audit";
import { currentCustomer } from "@/lib/auth/current-customer";
import { clearedSessionCookieOptions, sessionCookieName } from "@/lib/auth/session-cookie";
import { endSession } from "@/lib/auth/sessions";
import { config } from "@/lib/config";
import { requestMeta } from "@/lib/http/client-ip";
import { isSameOriginPost } from "@/lib/http/same-origin";

/**
 * "Sign out": ends this session on the server (S33) so a copied cookie is refused, clears the
 * cookie, and asks the browser to drop the site's cookies and storage (S38).
 */
export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return new Response("Forbidden", { status: 403 });
  const signedIn = await currentCustomer();
  if (signedIn) {
    await endSession(signedIn.session.sid);
    await recordAudit({ event: "signed_out", customerId: signedIn.customer.id, meta: requestMeta(request.headers) });
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
