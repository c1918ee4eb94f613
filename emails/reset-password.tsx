import { previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { LinkEmail } from "./_components/link-email";
import { previewText } from "./_components/preview";

export type ResetPasswordEmailProps = { username: string; resetUrl: string; expiresInMinutes: number; branding: EmailBranding; t: EmailText };

/** S43: one link, its expiry, and what to do if the customer did not ask. */
export default function ResetPasswordEmail({ username, resetUrl, expiresInMinutes, branding, t }: ResetPasswordEmailProps) {
  return (
    <LinkEmail
      preview={t("resetPassword.preview", { username })}
      greeting={t("greeting", { name: username })}
      paragraphs={[t("resetPassword.intro", { portalName: branding.portalName, username })]}
      buttonLabel={t("resetPassword.button")}
      url={resetUrl}
      expiry={t("resetPassword.expiry", { minutes: expiresInMinutes })}
      closing={t("resetPassword.ignore")}
      branding={branding}
      t={t}
    />
  );
}

ResetPasswordEmail.PreviewProps = {
  username: "jsmith",
  resetUrl: "https://portal.example.com/reset-password/preview-token-not-valid",
  expiresInMinutes: 60,
  branding: previewBranding,
  t: previewText("en"),
} satisfies ResetPasswordEmailProps;
