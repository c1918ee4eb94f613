import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type ResetPasswordEmailProps = { username: string; resetUrl: string; expiresInMinutes: number; branding: EmailBranding; t: EmailText };

const address = { wordBreak: "break-all" as const, color: "#0f172a" };

/** S43: one link, its expiry, and what to do if the customer did not ask. */
export default function ResetPasswordEmail({ username, resetUrl, expiresInMinutes, branding, t }: ResetPasswordEmailProps) {
  return (
    <EmailLayout preview={t("resetPassword.preview", { username })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: username })}</Text>
      <Text style={paragraph}>{t("resetPassword.intro", { portalName: branding.portalName, username })}</Text>
      <Button href={resetUrl} style={button}>
        {t("resetPassword.button")}
      </Button>
      {/* S43: one link only; the address is repeated as text for mail clients that hide buttons. */}
      <Text style={paragraph}>
        {t("resetPassword.copyAddress")} <span style={address}>{resetUrl}</span>
      </Text>
      <Text style={paragraph}>{t("resetPassword.expiry", { minutes: expiresInMinutes })}</Text>
      <Text style={paragraph}>{t("resetPassword.ignore")}</Text>
    </EmailLayout>
  );
}

ResetPasswordEmail.PreviewProps = {
  username: "jsmith",
  resetUrl: "https://portal.example.com/reset-password/preview-token-not-valid",
  expiresInMinutes: 60,
  branding: previewBranding,
  t: previewText("en"),
} satisfies ResetPasswordEmailProps;
