import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";

/** next-intl's configuration for server components and server actions (see lib/i18n). */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
