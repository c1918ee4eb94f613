import { GLOBAL_ERROR_WORDS } from "@/lib/i18n/global-error-words";
import { availableLocales, messagesFor } from "@/lib/i18n/locales";

/** The page shown when the layout fails carries its own copy of the catalogs' "errorPage" (it cannot read them). */
describe("global error page words", () => {
  it.each(availableLocales())("%s: the same as the catalog's errorPage", (locale) => {
    expect(GLOBAL_ERROR_WORDS[locale]).toEqual(messagesFor(locale).errorPage);
  });
});
