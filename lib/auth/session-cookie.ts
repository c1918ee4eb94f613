import type { Session } from "next-auth";
import { sessionCookieName, sessionCookieOptions } from "@/lib/auth/session-policy";

/**
 * Auth.js writes every session cookie with an Expires date. S31 wants a browser-session cookie when
 * "Remember me?" was not ticked, and the remembered one to end with the session's absolute limit,
 * so each Set-Cookie of the session is rewritten from the session's own claims.
 */
export function serializeSessionCookie(value: string, claims: { remember?: boolean; authTime?: number }): string {
  const options = sessionCookieOptions(claims);
  const parts = [`${sessionCookieName()}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.secure) parts.push("Secure");
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  return parts.join("; ");
}

// Reading the session makes Auth.js hand out its CSRF and callback cookies; pages need neither
// (server actions have their own origin check), so the proxy does not pass them on.
const UNNEEDED_ON_PAGES = /^(__Host-|__Secure-)?authjs\.(csrf-token|callback-url)=/;

type SessionClaims = { remember?: boolean; authTime?: number };

/**
 * Rewrites the session's Set-Cookie headers, leaving cookies that clear it alone. On pages the
 * Auth.js CSRF and callback cookies are dropped; its own routes (`keepAuthJsCookies`) need them.
 */
export function applySessionCookiePolicy(
  headers: Headers,
  session: Session | SessionClaims | null,
  options: { keepAuthJsCookies?: boolean; refresh?: boolean } = {},
) {
  const name = sessionCookieName();
  const cookies = headers.getSetCookie().filter((cookie) => options.keepAuthJsCookies || !UNNEEDED_ON_PAGES.test(cookie));
  const ours = cookies.filter((cookie) => cookie.startsWith(`${name}=`));
  if (cookies.length === headers.getSetCookie().length && ours.length === 0) return;
  headers.delete("set-cookie");
  if (ours.length === 0) {
    for (const cookie of cookies) headers.append("set-cookie", cookie);
    return;
  }
  for (const cookie of cookies) {
    const value = cookie.slice(name.length + 1).split(";")[0];
    const rewritable = ours.includes(cookie) && value !== "" && session !== null;
    // A refresh that must not happen (see proxy.ts) is dropped; a cookie that clears is kept.
    if (ours.includes(cookie) && value !== "" && options.refresh === false) continue;
    headers.append("set-cookie", rewritable ? serializeSessionCookie(value, session) : cookie);
  }
  // S38: a response that sets or clears the session is never cached.
  headers.set("cache-control", "no-store");
}
