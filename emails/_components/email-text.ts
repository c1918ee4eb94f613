import { createTranslator } from "next-intl";

/**
 * The words of a mail: a translator over the catalog's "emails" part, and the language it speaks
 * (for <html lang>). Templates get one as `t`; lib/mail/render.ts makes it from locales/, and
 * the preview (npm run email) from the catalogs imported below.
 */
export type EmailText = ((key: string, values?: Record<string, string | number>) => string) & { locale: string };

export function emailText(locale: string, emails: Record<string, unknown>): EmailText {
  const translate = createTranslator({ locale, messages: { emails } as never, namespace: "emails" as never, timeZone: "UTC" });
  return Object.assign((key: string, values?: Record<string, string | number>) => (translate as (k: string, v?: object) => string)(key, values), { locale });
}
