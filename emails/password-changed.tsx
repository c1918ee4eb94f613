import { supportContactValues } from "@/lib/support/contact-details";
import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type PasswordChangedEmailProps = {
  username: string;
  /** The customer's name, which the greeting uses; the username only when there is none. */
  name?: string | null;
  how: "reset" | "changed";
  when: string;
  browser: string;
  ip: string;
  resetUrl: string;
  branding: EmailBranding;
  t: EmailText;
};

/** S41: sent after every reset and change; no password or token, and what to do if it wasn't them. */
export default function PasswordChangedEmail({ username, name, how, when, browser, ip, resetUrl, branding, t }: PasswordChangedEmailProps) {
  return (
    <EmailLayout preview={t("passwordChanged.preview")} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: name?.trim() || username })}</Text>
      <Text style={paragraph}>{t("passwordChanged.what", { portalName: branding.portalName, how, when, browser, ip })}</Text>
      <Text style={paragraph}>{t("passwordChanged.ifYou")}</Text>
      <Text style={paragraph}>{t("passwordChanged.ifNotYou", { resetUrl, ...supportContactValues(branding) })}</Text>
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  username: "jsmith",
  name: "John Smith",
  how: "reset",
  when: "27 November 2026 at 14:05 UTC",
  browser: "Chrome on Windows",
  ip: "203.0.113.7",
  resetUrl: "https://portal.example.com/forgot-password",
  branding: previewBranding,
  t: previewText("en"),
} satisfies PasswordChangedEmailProps;
