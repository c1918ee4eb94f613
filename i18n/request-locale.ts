import { cookies, headers } from "next/headers";
import { cache } from "react";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { localeFromAcceptLanguage } from "@/lib/i18n/negotiate";

/** Remembers the language chosen with the switcher, on this browser. Not a secret: no __Host- needed, but kept as strict. */
export const LOCALE_COOKIE = "portal.locale";
const A_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function localeCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config().secureCookies, maxAge: A_YEAR_SECONDS };
}

/**
 * The language of this request: the one chosen with the switcher on this browser, else the one on
 * the signed-in customer's record, else the best match for the browser's Accept-Language.
 * URLs carry no locale: the guide's addresses and every emailed link work in any language.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  const signedIn = await currentCustomer();
  if (isLocale(signedIn?.customer.locale)) return signedIn.customer.locale;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});
