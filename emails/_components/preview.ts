import english from "../../locales/en/messages.json";
import spanish from "../../locales/es/messages.json";
import { previewBranding, type EmailBranding } from "./email-layout";
import { emailText, type EmailText } from "./email-text";

/** The words of a mail in the preview server (npm run email), which cannot read locales/ at run time. */
export function previewText(locale: "en" | "es"): EmailText {
  return emailText(locale, (locale === "es" ? spanish : english).emails as Record<string, unknown>);
}

/** The preview's branding with the portal's name in that language, as a mail without PORTAL_NAME has it. */
export function previewBrandingIn(locale: "en" | "es"): EmailBranding {
  return { ...previewBranding, portalName: (locale === "es" ? spanish : english).meta.portalName };
}
