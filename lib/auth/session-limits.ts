import { DAY, HOUR, MINUTE } from "@/lib/clock";

/**
 * S31: how long a session lives, enforced on the server from the cookie's own claims; cookie
 * expiry is only a convenience for the browser.
 */
export const SESSION_LIMITS = {
  browser: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  remembered: { idleMs: 7 * DAY, absoluteMs: 30 * DAY },
} as const;

/** What the session cookie carries: who, which session, which session version, and its clocks. */
export type SessionClaims = { sub: string; sid: string; sv: number; authTime: number; lastSeen: number; remember: boolean };

export function sessionLimits(remember: boolean) {
  return remember ? SESSION_LIMITS.remembered : SESSION_LIMITS.browser;
}

/** True while the session is inside both its idle and its absolute limit. */
export function isWithinLimits(claims: Pick<SessionClaims, "authTime" | "lastSeen" | "remember">, at: Date): boolean {
  const limits = sessionLimits(claims.remember);
  const time = at.getTime();
  return time - claims.authTime <= limits.absoluteMs && time - claims.lastSeen <= limits.idleMs;
}

/**
 * How recent a sign-in must be for the changes a stolen session must not make — two-step
 * verification's methods and passkeys (issue 17), and a password-less customer's email address
 * (issue 16): anything older signs in again first.
 */
export const RECENT_SIGN_IN_MS = 10 * MINUTE;

export function signedInRecently(session: Pick<SessionClaims, "authTime">, at: Date): boolean {
  return at.getTime() - session.authTime <= RECENT_SIGN_IN_MS;
}

/** The idle clock is written back at most this often (a new cookie, a session row's last_seen_at). */
export const IDLE_CLOCK_RESOLUTION_MS = MINUTE;
