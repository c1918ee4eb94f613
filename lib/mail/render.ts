import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import type { EmailBranding } from "@/emails/_components/email-layout";
import { emailText, type EmailText } from "@/emails/_components/email-text";
import { config } from "@/lib/config";
import { formatLongTime } from "@/lib/i18n/times";
import { isLocale, messagesFor, DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { portalNameIn } from "@/lib/i18n/portal-name";

/**
 * Turns a React Email template into the HTML and plain-text parts the outbox stores, in one
 * language. Each feature renders its own mails with this; the outbox only ever sees the result.
 */
export type RenderedEmail = { template: string; subject: string; html: string; text: string };

/** The portal's name and contacts as a mail in `locale` gives them (the name in that language). */
export function emailBranding(locale: Locale): EmailBranding {
  const { companyName, supportPhone, supportEmail } = config().branding;
  return { portalName: portalNameIn(locale), companyName, supportPhone, supportEmail };
}

/** A mail's words in a language the portal has (English otherwise). */
export function mailText(locale: Locale | null | undefined): EmailText {
  const chosen = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return emailText(chosen, messagesFor(chosen).emails as Record<string, unknown>);
}

/**
 * @param template the template's name; its catalog entry (emails.<camelCase name>) holds the
 * subject, which gets `subjectValues` and the portal's name.
 */
export async function renderEmail<Props extends { branding: EmailBranding; t: EmailText }>(
  template: string,
  Component: FunctionComponent<Props>,
  props: Omit<Props, "branding" | "t">,
  locale: Locale | null | undefined,
  subjectValues: Record<string, string | number> = {},
): Promise<RenderedEmail> {
  const t = mailText(locale);
  const branding = emailBranding(isLocale(locale) ? locale : DEFAULT_LOCALE);
  const element = createElement(Component, { ...props, branding, t } as Props);
  const key = template.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  // A subject is one line, whatever the values held.
  const subject = t(`${key}.subject`, { portalName: branding.portalName, ...subjectValues }).replace(/[\r\n]+/g, " ");
  return { template, subject, html: await render(element), text: await render(element, { plainText: true }) };
}

/**
 * "November 27, 2026 at 8:05 AM CST": an event's time in the recipient's language and zone
 * (issue 26: mail is written for its reader; lib/i18n/time-zone.ts mailTimeZone).
 */
export function formatEventTime(date: Date, locale: Locale | null | undefined, timeZone: string): string {
  const chosen = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return formatLongTime(date, { locale: chosen, timeZone });
}
