import type { JWT } from "next-auth/jwt";
import { DAY, HOUR, MINUTE } from "@/lib/clock";
import { config } from "@/lib/config";

/**
 * S31: how long a session lives. Enforced from the token's claims on the server; cookie expiry is
 * only a convenience for the browser.
 */
export const SESSION_LIMITS = {
  browser: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  remembered: { idleMs: 7 * DAY, absoluteMs: 30 * DAY },
} as const;

/** The longest any session can live; Auth.js's own token expiry is set to this. */
export const LONGEST_SESSION_SECONDS = SESSION_LIMITS.remembered.absoluteMs / 1000;

export function sessionLimits(remember: boolean) {
  return remember ? SESSION_LIMITS.remembered : SESSION_LIMITS.browser;
}

/** True while the token is inside both its idle and its absolute limit. */
export function isSessionCurrent(token: JWT, at: Date): boolean {
  if (typeof token.authTime !== "number" || typeof token.lastSeen !== "number" || !token.sid) return false;
  const limits = sessionLimits(token.remember === true);
  const time = at.getTime();
  return time - token.authTime <= limits.absoluteMs && time - token.lastSeen <= limits.idleMs;
}

/** S30: `__Host-` prefixed wherever the browser allows a Secure cookie. */
export function sessionCookieName(): string {
  return config().secureCookies ? "__Host-portal.session" : "portal.session";
}

export type SessionCookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  expires?: Date;
};

/**
 * S31: "Remember me?" unticked gives a browser-session cookie (no Expires, no Max-Age); ticked, a
 * cookie that ends with the session's absolute limit and never slides past it.
 */
export function sessionCookieOptions(claims: { remember?: boolean; authTime?: number }): SessionCookieOptions {
  const base = { httpOnly: true, sameSite: "lax", path: "/", secure: config().secureCookies } as const;
  if (!claims.remember || typeof claims.authTime !== "number") return base;
  return { ...base, expires: new Date(claims.authTime + SESSION_LIMITS.remembered.absoluteMs) };
}

/** Options that clear the session cookie: a `__Host-` cookie is only replaced with Secure and Path=/. */
export function clearedSessionCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config().secureCookies, maxAge: 0 };
}
