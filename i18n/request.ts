import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "@/lib/i18n/locales";
import { readerTimeZone } from "@/i18n/reader-times";
import { requestLocale } from "@/i18n/request-locale";

/** next-intl's configuration for server components and server actions (see lib/i18n). */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Issue 26: pages format times through i18n/reader-times.ts; this keeps next-intl's own formatter in the same zone.
  return { locale, messages: messagesFor(locale), timeZone: await readerTimeZone() };
});
