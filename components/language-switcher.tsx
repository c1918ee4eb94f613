import { getLocale, getTranslations } from "next-intl/server";
import { chooseLanguageAction } from "@/app/language/actions";
import { availableLocales, translatorFor } from "@/lib/i18n/locales";

/**
 * The language switcher: one small form per other language, so it works without JavaScript.
 * Each language is named in itself ("Español"), with lang set for screen readers.
 */
export async function LanguageSwitcher() {
  const current = await getLocale();
  const t = await getTranslations("shell");
  const others = availableLocales().filter((locale) => locale !== current);
  if (others.length === 0) return null;
  return (
    <ul aria-label={t("language")} className="flex items-center gap-2">
      {others.map((locale) => (
        <li key={locale}>
          <form action={chooseLanguageAction}>
            <input type="hidden" name="locale" value={locale} />
            <button type="submit" lang={locale} className="cursor-pointer text-white underline underline-offset-2 hover:text-brand-100">
              {translatorFor(locale, "shell")("languageName")}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
