import Negotiator from "negotiator";
import { availableLocales, DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

/** The best of the portal's languages for an Accept-Language header (negotiator, MIT). */
export function localeFromAcceptLanguage(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const available = availableLocales();
  const preferred = new Negotiator({ headers: { "accept-language": acceptLanguage.slice(0, 512) } }).languages();
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    const match = available.find((locale) => locale.toLowerCase() === tag.toLowerCase()) ?? available.find((locale) => locale.split("-")[0] === base);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}
