import { render } from "@react-email/render";
import { createElement } from "react";
import PasswordChangedEmail, { passwordChangedSubject, type PasswordChangedEmailProps } from "@/emails/password-changed";
import ResetPasswordEmail, { resetPasswordSubject, type ResetPasswordEmailProps } from "@/emails/reset-password";
import type { EmailBranding } from "@/emails/_components/email-layout";
import { config } from "@/lib/config";

export type RenderedEmail = { template: string; subject: string; html: string; text: string };

export function emailBranding(): EmailBranding {
  const { portalName, companyName, supportPhone, supportEmail } = config().branding;
  return { portalName, companyName, supportPhone, supportEmail };
}

export async function renderResetPasswordEmail(props: Omit<ResetPasswordEmailProps, "branding">): Promise<RenderedEmail> {
  const branding = emailBranding();
  const element = createElement(ResetPasswordEmail, { ...props, branding });
  return {
    template: "reset-password",
    subject: resetPasswordSubject(branding),
    html: await render(element),
    text: await render(element, { plainText: true }),
  };
}

export async function renderPasswordChangedEmail(props: Omit<PasswordChangedEmailProps, "branding">): Promise<RenderedEmail> {
  const branding = emailBranding();
  const element = createElement(PasswordChangedEmail, { ...props, branding });
  return {
    template: "password-changed",
    subject: passwordChangedSubject(branding),
    html: await render(element),
    text: await render(element, { plainText: true }),
  };
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
