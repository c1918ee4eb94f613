import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import PasswordChangedEmail, { passwordChangedSubject, type PasswordChangedEmailProps } from "@/emails/password-changed";
import ResetPasswordEmail, { resetPasswordSubject, type ResetPasswordEmailProps } from "@/emails/reset-password";
import type { EmailBranding } from "@/emails/_components/email-layout";
import CaseCreatedEmail, { caseCreatedSubject, type CaseCreatedEmailProps } from "@/emails/case-created";
import ContactMessageEmail, { contactMessageSubject, type ContactMessageEmailProps } from "@/emails/contact-message";
import { config } from "@/lib/config";

export type RenderedEmail = { template: string; subject: string; html: string; text: string };

export function emailBranding(): EmailBranding {
  const { portalName, companyName, supportPhone, supportEmail } = config().branding;
  return { portalName, companyName, supportPhone, supportEmail };
}

/** Renders one template's HTML and plain-text parts with the configured branding. */
async function renderTemplate<Props extends { branding: EmailBranding }>(
  template: string,
  Component: FunctionComponent<Props>,
  props: Omit<Props, "branding">,
  subject: string,
): Promise<RenderedEmail> {
  const element = createElement(Component, { ...props, branding: emailBranding() } as Props);
  return { template, subject, html: await render(element), text: await render(element, { plainText: true }) };
}

export function renderResetPasswordEmail(props: Omit<ResetPasswordEmailProps, "branding">) {
  return renderTemplate("reset-password", ResetPasswordEmail, props, resetPasswordSubject(emailBranding()));
}

export function renderPasswordChangedEmail(props: Omit<PasswordChangedEmailProps, "branding">) {
  return renderTemplate("password-changed", PasswordChangedEmail, props, passwordChangedSubject(emailBranding()));
}

export function renderCaseCreatedEmail(props: Omit<CaseCreatedEmailProps, "branding">) {
  return renderTemplate("case-created", CaseCreatedEmail, props, caseCreatedSubject(props.caseNumber));
}

export function renderContactMessageEmail(props: Omit<ContactMessageEmailProps, "branding">) {
  // A name is one line in a subject.
  return renderTemplate("contact-message", ContactMessageEmail, props, contactMessageSubject(props.reference, props.name.replace(/[\r\n]+/g, " ")));
}

/** "Chrome on Windows": enough for a customer to recognise a device, from the User-Agent. */
export function describeBrowser(userAgent: string | null | undefined): string {
  if (!userAgent) return "an unknown browser";
  const browser =
    [["Edg/", "Edge"], ["Firefox/", "Firefox"], ["Chrome/", "Chrome"], ["Safari/", "Safari"]].find(([needle]) => userAgent.includes(needle))?.[1] ??
    "a browser";
  const system =
    [["Windows", "Windows"], ["Android", "Android"], ["iPhone", "iPhone"], ["iPad", "iPad"], ["Mac OS", "macOS"], ["Linux", "Linux"]].find(([needle]) =>
      userAgent.includes(needle),
    )?.[1] ?? "an unknown system";
  return `${browser} on ${system}`;
}

export function formatEventTime(date: Date): string {
  return `${date.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
