import english from "../../locales/en/messages.json";
import spanish from "../../locales/es/messages.json";
import { emailText, type EmailText } from "./email-text";

/** The words of a mail in the preview server (npm run email), which cannot read locales/ at run time. */
export function previewText(locale: "en" | "es"): EmailText {
  return emailText(locale, (locale === "es" ? spanish : english).emails as Record<string, unknown>);
}
