import { _createCache } from "use-intl/core";

type IntlCache = ReturnType<typeof _createCache>;

/**
 * Issue 25: next-intl keeps a message it has parsed (one with values, such as "{count} articles"
 * or a rich link) for one request only, so every page parsed the same ICU messages again. The
 * messages come from the catalogs alone (read once per process, lib/i18n/locales.ts), never from
 * a request, so their parsed form is kept for the process here, one cache per language and time
 * zone (the zone is part of a parsed message's formats). A zone is the browser's word (a cookie,
 * validated but spelt as the browser likes), so the number kept is capped and the least recently
 * used goes first: memory stays bounded whatever the cookies say.
 */
export const MOST_PARSED_MESSAGE_CACHES = 64;

const caches = new Map<string, IntlCache>();

/** The cache next-intl's request configuration hands its translators (i18n/request.ts). */
export function parsedMessagesFor(locale: string, timeZone: string): IntlCache {
  const key = `${locale} ${timeZone}`;
  let cache = caches.get(key);
  if (cache) {
    // Note: a Map keeps insertion order; inserting again makes this the most recently used.
    caches.delete(key);
  } else {
    cache = _createCache();
    if (caches.size >= MOST_PARSED_MESSAGE_CACHES) caches.delete(caches.keys().next().value!);
  }
  caches.set(key, cache);
  return cache;
}
