import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type AlreadyRegisteredEmailProps = { username: string; signInUrl: string; resetUrl: string; branding: EmailBranding; t: EmailText };

/**
 * Issue 14: someone registered with an address that already has an account. The screen said the
 * same as for any address (S16); only the address's owner learns the account exists, and how in.
 */
export default function AlreadyRegisteredEmail({ username, signInUrl, resetUrl, branding, t }: AlreadyRegisteredEmailProps) {
  return (
    <EmailLayout preview={t("alreadyRegistered.preview")} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: username })}</Text>
      <Text style={paragraph}>{t("alreadyRegistered.intro", { portalName: branding.portalName, username })}</Text>
      <Text style={paragraph}>{t("alreadyRegistered.signIn", { signInUrl })}</Text>
      <Text style={paragraph}>{t("alreadyRegistered.forgot", { resetUrl })}</Text>
      <Text style={paragraph}>{t("alreadyRegistered.ignore")}</Text>
    </EmailLayout>
  );
}

AlreadyRegisteredEmail.PreviewProps = {
  username: "jsmith",
  signInUrl: "https://portal.example.com/signin",
  resetUrl: "https://portal.example.com/forgot-password",
  branding: previewBranding,
  t: previewText("en"),
} satisfies AlreadyRegisteredEmailProps;
