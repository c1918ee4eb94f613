import { config } from "@/lib/config";

/**
 * S13: the reset token leaves the address bar for this short-lived cookie. SameSite=Lax, not
 * Strict: the customer arrives from a mail client, which is a cross-site navigation.
 */
export function resetCookieName(): string {
  return config().secureCookies ? "__Host-portal.reset" : "portal.reset";
}

export function resetCookieOptions(maxAgeSeconds = 600) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config().secureCookies, maxAge: maxAgeSeconds };
}
