import type { FunctionComponent } from "react";
import english from "../../locales/en/messages.json";
import type { EmailBranding } from "./email-layout";
import { emailText, type EmailText } from "./email-text";

/** What a mail needs of a language's catalog (locales/<language>/messages.json). */
export type MailCatalog = { meta: { portalName: string }; emails: Record<string, unknown> };
/**
 * A language's made-up data for the previews, by template (locales/<language>/email-previews.json,
 * optional): names, a case's subject, a date written as that language writes it. Without it a
 * template's preview keeps its English sample data, in that language's words.
 */
export type PreviewSamples = Record<string, Record<string, unknown>>;

/**
 * The words of a mail in the preview server (npm run email), which bundles each template with the
 * catalog it is given instead of reading locales/ at run time. Templates' own PreviewProps are
 * English; scripts/email-preview.ts gives every template every language through previewIn.
 */
export function previewText(locale: string = "en", catalog: MailCatalog = english): EmailText {
  return emailText(locale, catalog.emails);
}

type Template<Props> = FunctionComponent<Props> & { PreviewProps: Props };

/**
 * A template's preview in another language: the same template and props, with that language's
 * sample data, its catalog's words and the portal's name in it (as a mail without PORTAL_NAME has it).
 */
export function previewIn<Props extends { branding: EmailBranding; t: EmailText }>(template: Template<Props>, locale: string, catalog: MailCatalog, samples?: Record<string, unknown>): Template<Props> {
  const branding = { ...template.PreviewProps.branding, portalName: catalog.meta.portalName };
  return Object.assign(template.bind(null), { PreviewProps: { ...template.PreviewProps, ...samples, branding, t: previewText(locale, catalog) } });
}
