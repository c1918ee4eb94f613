import { cookies } from "next/headers";
import { config } from "@/lib/config";
import type { Customer } from "@/lib/db/schema";
import { isTimeZone } from "@/lib/i18n/times";

/**
 * Issue 26: whose time zone a time is written in. Pages: i18n/reader-times.ts readerTimeZone.
 * Mail has no browser: the recipient's chosen zone, else their browser's at the last sign-in,
 * else PORTAL_TIME_ZONE.
 */
export function mailTimeZone(customer: Pick<Customer, "timeZone" | "browserTimeZone"> | null | undefined): string {
  return customer?.timeZone ?? customer?.browserTimeZone ?? config().portalTimeZone;
}

/*
 * The time zone the browser reported. The sign-in form sends it in a hidden field that
 * its client component fills (no inline script, so the CSP stays nonce-only); the sign-in action
 * keeps it in this cookie, which pages read until the customer chooses a zone on Account, and
 * which a session's start copies to the customer for mail (lib/customers/customers.ts noteSignIn).
 * A zone is not a secret, but it is validated wherever it is read: a cookie is the browser's word.
 */
const COOKIE = "portal.time-zone";
const YEAR_SECONDS = 365 * 24 * 3600;

/** The zone a Cookie header carries, when it is one. */
export function browserTimeZoneIn(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name !== COOKIE) continue;
    let zone: string;
    try {
      zone = decodeURIComponent(value.join("="));
    } catch {
      return null;
    }
    return isTimeZone(zone) ? zone : null;
  }
  return null;
}

/** This request's browser zone (pages and actions). */
export async function browserTimeZone(): Promise<string | null> {
  const value = (await cookies()).get(COOKIE)?.value;
  return isTimeZone(value) ? value : null;
}

/** Keeps what the sign-in form's hidden field said; anything that is not a zone is ignored. */
export async function keepBrowserTimeZone(value: string | null | undefined) {
  if (!isTimeZone(value)) return;
  (await cookies()).set(COOKIE, value, { httpOnly: true, sameSite: "lax", path: "/", secure: config().secureCookies, maxAge: YEAR_SECONDS });
}
