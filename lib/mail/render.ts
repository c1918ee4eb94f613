import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import type { EmailBranding } from "@/emails/_components/email-layout";
import { config } from "@/lib/config";

/**
 * Turns a React Email template into the HTML and plain-text parts the outbox stores. Each feature
 * renders its own mails with this; the outbox only ever sees the result.
 */
export type RenderedEmail = { template: string; subject: string; html: string; text: string };

export function emailBranding(): EmailBranding {
  const { portalName, companyName, supportPhone, supportEmail } = config().branding;
  return { portalName, companyName, supportPhone, supportEmail };
}

export async function renderEmail<Props extends { branding: EmailBranding }>(
  template: string,
  Component: FunctionComponent<Props>,
  props: Omit<Props, "branding">,
  subject: string,
): Promise<RenderedEmail> {
  const element = createElement(Component, { ...props, branding: emailBranding() } as Props);
  // A subject is one line, whatever the props held.
  return { template, subject: subject.replace(/[\r\n]+/g, " "), html: await render(element), text: await render(element, { plainText: true }) };
}

export function formatEventTime(date: Date): string {
  return `${date.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
