import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "@/lib/i18n/locales";
import { parsedMessagesFor } from "@/lib/i18n/parsed-messages";
import { readerTimeZone } from "@/i18n/reader-times";
import { requestLocale } from "@/i18n/request-locale";

/** next-intl's configuration for server components and server actions (see lib/i18n). */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Issue 26: pages format times through i18n/reader-times.ts; this keeps next-intl's own formatter in the same zone.
  const timeZone = await readerTimeZone();
  // Issue 25: `_cache` (use-intl's, passed on to every translator of the request) keeps parsed
  // messages for the process instead of the request. It is not part of next-intl's typed
  // configuration, hence the variable rather than a literal; a version that ignored it would only
  // parse per request again (tests/unit/parsed-messages.test.ts checks that translators built as next-intl builds them use it).
  const configuration = { locale, messages: messagesFor(locale), timeZone, _cache: parsedMessagesFor(locale, timeZone) };
  return configuration;
});
