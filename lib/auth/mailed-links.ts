import { NextResponse } from "next/server";
import { recordAudit, type AuditEvent } from "@/lib/audit";
import { config } from "@/lib/config";
import type { RequestMeta } from "@/lib/http/client-ip";
import { reservePoint } from "@/lib/http/rate-limit";
import { isWellFormedToken } from "@/lib/auth/tokens";

/**
 * What every link the portal mails has in common — reset links, registration and email
 * confirmations, invitations:
 *
 * - S14, S45: a presented token is checked only after a point of the client's allowance for bad
 *   tokens is taken (given back when the token is good), so guessing is slow however many requests
 *   arrive at once. No token at all is not a guess and costs nothing.
 * - S13: opening the link never uses it up (mail scanners open links); the token moves into a
 *   10-minute HttpOnly cookie and the browser goes on to an address without it.
 */
export async function checkMailedToken<Found>(
  token: unknown,
  meta: RequestMeta,
  lookup: (token: string) => Promise<Found | null>,
  rejected: { event: AuditEvent; stage: string; tokenPattern?: RegExp },
): Promise<Found | null> {
  if (token === undefined || token === null || token === "") return null;
  const reservation = await reservePoint("invalidMailedTokensPerIp", meta.ip);
  const wellFormed = rejected.tokenPattern ? typeof token === "string" && rejected.tokenPattern.test(token) : isWellFormedToken(token);
  const found = !reservation.limited && wellFormed ? await lookup(token as string) : null;
  if (found) {
    await reservation.giveBack();
    return found;
  }
  await recordAudit({ event: rejected.event, meta, details: { stage: rejected.stage, throttled: reservation.limited } });
  return null;
}

export function mailedLinkCookieOptions(maxAgeSeconds = 600) {
  // SameSite=Lax, not Strict: the customer arrives from a mail client, a cross-site navigation.
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config().secureCookies, maxAge: maxAgeSeconds };
}

/** A cookie name for a kind of mailed link: `__Host-` prefixed wherever the browser allows. */
export function mailedLinkCookieName(kind: string): string {
  return config().secureCookies ? `__Host-portal.${kind}` : `portal.${kind}`;
}

/** The response to opening a mailed link: the token into its cookie when it is good, and on to `target`. */
export async function landOnMailedLink(token: string, cookieName: string, target: string, check: (token: string) => Promise<unknown>) {
  const response = NextResponse.redirect(new URL(target, config().appUrl), 303);
  // S37, S38: the one address that holds a token sends no Referer and is never cached.
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("Cache-Control", "no-store");
  if (await check(token)) response.cookies.set(cookieName, token, mailedLinkCookieOptions());
  else response.cookies.set(cookieName, "", mailedLinkCookieOptions(0));
  return response;
}
