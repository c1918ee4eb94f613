import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

const address = { wordBreak: "break-all" as const, color: "#0f172a" };

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
      {/* Buttons, as in every mail, each with its address for a client that shows no button. */}
      <Text style={paragraph}>{t("alreadyRegistered.signIn")}</Text>
      <Button href={signInUrl} style={button}>
        {t("alreadyRegistered.signInButton")}
      </Button>
      <Text style={paragraph}>
        {t("copyAddress")} <span style={address}>{signInUrl}</span>
      </Text>
      <Text style={paragraph}>{t("alreadyRegistered.forgot")}</Text>
      <Button href={resetUrl} style={button}>
        {t("alreadyRegistered.forgotButton")}
      </Button>
      <Text style={paragraph}>
        {t("copyAddress")} <span style={address}>{resetUrl}</span>
      </Text>
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
