import { config } from "@/lib/config";
import { isLocale, translatorFor, type Locale } from "@/lib/i18n/locales";
import { localeFromAcceptLanguage } from "@/lib/i18n/negotiate";

/**
 * The portal's own 503 page for a request that cannot reach the database (issue 23): answered by
 * proxy.ts before any page or server action runs, so nothing waits on the database or fails with
 * the framework's 500 and a stack in the log. Self-contained — it cannot use the layout, whose
 * header reads the session from the database — but in the portal's colours and words, in the
 * visitor's language (the switcher's cookie, else Accept-Language: the customer's record is in
 * the database). `Retry-After` tells clients and crawlers when to come back.
 */
export const RETRY_AFTER_SECONDS = 60;

export function unavailableLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  return isLocale(cookie) ? cookie : localeFromAcceptLanguage(acceptLanguage);
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function unavailablePage(locale: Locale, retryPath: string): string {
  const t = translatorFor(locale, "unavailable");
  const { portalName, companyName } = config().branding;
  return `<!DOCTYPE html>
<html lang="${escape(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(t("title"))} | ${escape(portalName)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0f172a;background:#f8fafc;line-height:1.5}
header{background:#0b2545;color:#fff;padding:14px 24px;font-weight:700;font-size:1.125rem}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #cbd5e1;border-radius:8px;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 1rem}
a.button{display:inline-block;margin-top:1rem;background:#1d4e89;color:#fff;padding:.5rem 1rem;border-radius:6px;text-decoration:none;font-weight:600}
a.button:focus-visible{outline:3px solid #0b2545;outline-offset:2px}
</style>
</head>
<body>
<header>${escape(companyName)} · ${escape(portalName)}</header>
<main id="main">
<section class="card" aria-labelledby="unavailable-heading">
<h1 id="unavailable-heading">${escape(t("title"))}</h1>
<p>${escape(t("text"))}</p>
<a class="button" href="${escape(retryPath)}">${escape(t("retry"))}</a>
</section>
</main>
</body>
</html>
`;
}
