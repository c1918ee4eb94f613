import { getLocale, getTranslations } from "next-intl/server";
import { passwordWarningText, type PasswordRefusal } from "@/lib/auth/password-policy";
import { config } from "@/lib/config";

/** The password policy's refusals and requirements, in the request's language (S4: say why, and guide). */
export async function passwordWords() {
  const t = await getTranslations("validation.password");
  const locale = await getLocale();
  return {
    requirements: () => t("requirements", { minimum: config().passwordMinLength }),
    refusal(refusal: PasswordRefusal): string {
      switch (refusal.code) {
        case "too_short":
          return t("tooShort", { minimum: refusal.minimum, length: refusal.length });
        case "too_long":
          return t("tooLong", { maximum: refusal.maximum });
        case "context_words":
          return t("contextWords");
        case "too_easy": {
          const warning = refusal.warning ? passwordWarningText(refusal.warning, locale) : null;
          return t("tooEasy", { warning: warning ?? t("tooEasyGeneric") });
        }
      }
    },
  };
}
