import type { NextRequest } from "next/server";
import { handlers } from "@/auth";

export const { GET } = handlers;

/**
 * Note: the sign-in page's server action is the one way to sign in with a password; it applies
 * the IP throttle and the cookie rules (S28, S31). Auth.js's own credentials endpoint is closed so
 * no second, differently-behaving path exists (S29).
 */
export function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    return new Response("Not found", { status: 404 });
  }
  return handlers.POST(request);
}
