import { decode, encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { config } from "@/lib/config";
import { IDLE_CLOCK_RESOLUTION_MS, SESSION_LIMITS, type SessionClaims } from "@/lib/auth/session-limits";

/**
 * The session cookie: its name, its flags, and the sealed token it carries (an Auth.js JWE, so
 * Auth.js's own routes can read it). Every Set-Cookie of the session is written from here —
 * after a sign-in, when the idle clock is refreshed, and over the cookie Auth.js writes at the
 * end of an external sign-in (issue 12: one place writes the session cookie).
 */

/** S30: `__Host-` prefixed wherever the browser allows a Secure cookie. */
export function sessionCookieName(): string {
  return config().secureCookies ? "__Host-portal.session" : "portal.session";
}

/** The longest any session can live; the sealed token's own expiry. */
export const LONGEST_SESSION_SECONDS = SESSION_LIMITS.remembered.absoluteMs / 1000;

export type SessionCookieOptions = { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; expires?: Date };

/**
 * S31: "Remember me?" unticked gives a browser-session cookie (no Expires, no Max-Age); ticked, a
 * cookie that ends with the session's absolute limit and never slides past it.
 */
export function sessionCookieOptions(claims: Pick<SessionClaims, "remember" | "authTime">): SessionCookieOptions {
  const base = { httpOnly: true, sameSite: "lax", path: "/", secure: config().secureCookies } as const;
  if (!claims.remember) return base;
  return { ...base, expires: new Date(claims.authTime + SESSION_LIMITS.remembered.absoluteMs) };
}

/** Options that clear the cookie: a `__Host-` cookie is only replaced with Secure and Path=/. */
export function clearedSessionCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config().secureCookies, maxAge: 0 };
}

export function sealSession(claims: SessionClaims): Promise<string> {
  return encode({ token: claims, secret: config().authSecret, salt: sessionCookieName(), maxAge: LONGEST_SESSION_SECONDS });
}

/** The session claims in a decoded token, or null when any is missing. */
export function sessionClaimsOf(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token || typeof token.sub !== "string" || typeof token.sid !== "string" || typeof token.sv !== "number") return null;
  if (typeof token.authTime !== "number" || typeof token.lastSeen !== "number") return null;
  return { sub: token.sub, sid: token.sid, sv: token.sv, authTime: token.authTime, lastSeen: token.lastSeen, remember: token.remember === true };
}

/**
 * Issue 25: the proxy and the page each open the cookie of every request, and a browser sends the
 * same one for up to a minute (the idle clock's resolution): the claims of cookies opened lately
 * are kept until the token's own expiry, per bundle (the proxy's and the pages'), for the settings
 * they were opened with. Only a cookie that opened is kept, under its exact value, so a kept entry
 * answers what opening it again would. The session's limits and its row are still checked on
 * every request (S23, S31, S33).
 */
const OPENED_KEPT = 1_000;
const opened = new Map<string, { claims: SessionClaims; until: number; settings: ReturnType<typeof config> }>();

/** The claims a cookie carries, or null when it is missing, tampered with or not ours. */
export async function openSession(value: string | undefined): Promise<SessionClaims | null> {
  if (!value) return null;
  const kept = opened.get(value);
  if (kept && Date.now() < kept.until && kept.settings === config()) return { ...kept.claims };
  try {
    const token = await decode({ token: value, secret: config().authSecret, salt: sessionCookieName() });
    const claims = sessionClaimsOf(token);
    if (!claims) return null;
    if (typeof token?.exp === "number") {
      if (opened.size >= OPENED_KEPT) opened.delete(opened.keys().next().value!);
      opened.set(value, { claims, until: token.exp * 1000, settings: config() });
    }
    return { ...claims };
  } catch {
    return null;
  }
}

/**
 * Hands server/preload.cjs, at start-up, the check it makes before writing a form's files to disk
 * (issue 26, spool admission): the session cookie must be one the portal sealed — live or ended
 * (an ended session's form is kept as a draft), never a made-up one. Opening it needs the secret
 * and no database query.
 */
export function installSpoolSessionCheck() {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("portal.sessionCookieOpens")] = async (value: string) => (await openSession(value)) !== null;
}

/** Sets the session cookie on the response of the current server action or route handler. */
export async function writeSessionCookie(claims: SessionClaims) {
  (await cookies()).set(sessionCookieName(), await sealSession(claims), sessionCookieOptions(claims));
}

export async function clearSessionCookie() {
  // Note: cookies().delete() omits Secure, which a __Host- cookie needs to be replaced.
  (await cookies()).set(sessionCookieName(), "", clearedSessionCookieOptions());
}

/** A Set-Cookie header value for the session, for responses built outside a server action. */
export async function sessionSetCookie(claims: SessionClaims): Promise<string> {
  const options = sessionCookieOptions(claims);
  const parts = [`${sessionCookieName()}=${await sealSession(claims)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.secure) parts.push("Secure");
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  return parts.join("; ");
}

/**
 * Issue 25: the idle clock's refresh for a page request that carried `value` (proxy.ts). Sealing
 * costs about a millisecond of CPU, and a browser sends the same stale cookie with every request
 * it makes until the first refreshed one lands (parallel requests, prefetches, other tabs): each
 * gets the cookie sealed for the first, for as long as the clock's resolution — its last-seen time
 * at most that far behind, as the clock is anyway. Kept under the exact value, per settings, like
 * the opened cookies above.
 */
const REFRESHED_KEPT = 1_000;
const refreshed = new Map<string, { setCookie: Promise<string>; until: number; settings: ReturnType<typeof config> }>();

export function refreshedSessionSetCookie(value: string, claims: SessionClaims, time: number): Promise<string> {
  const kept = refreshed.get(value);
  if (kept && time < kept.until && kept.settings === config()) return kept.setCookie;
  // Note: the promise is kept, so requests that overlap the first one's sealing wait for it.
  const setCookie = sessionSetCookie({ ...claims, lastSeen: time });
  if (refreshed.size >= REFRESHED_KEPT) refreshed.delete(refreshed.keys().next().value!);
  refreshed.set(value, { setCookie, until: time + IDLE_CLOCK_RESOLUTION_MS, settings: config() });
  setCookie.catch(() => {
    if (refreshed.get(value)?.setCookie === setCookie) refreshed.delete(value);
  });
  return setCookie;
}

/** The value of a session cookie Auth.js set on a response, if it set one (an external sign-in). */
export function sessionCookieSetBy(headers: Headers): string | undefined {
  const prefix = `${sessionCookieName()}=`;
  const cookie = headers.getSetCookie().find((value) => value.startsWith(prefix));
  const value = cookie?.slice(prefix.length).split(";")[0];
  return value || undefined;
}
