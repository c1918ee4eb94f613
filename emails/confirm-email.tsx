import type { EmailBranding } from "./_components/email-layout";
import { previewBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { LinkEmail } from "./_components/link-email";
import { previewText } from "./_components/preview";

export type ConfirmEmailEmailProps = { username: string; confirmUrl: string; expiresInHours: number; branding: EmailBranding; t: EmailText };

/** Issue 14: an existing customer's address, confirmed before they can sign in with a password. */
export default function ConfirmEmailEmail({ username, confirmUrl, expiresInHours, branding, t }: ConfirmEmailEmailProps) {
  return (
    <LinkEmail
      preview={t("confirmEmail.preview")}
      greeting={t("greeting", { name: username })}
      paragraphs={[t("confirmEmail.intro", { portalName: branding.portalName })]}
      buttonLabel={t("confirmEmail.button")}
      url={confirmUrl}
      expiry={t("linkExpiry", { hours: expiresInHours })}
      closing={t("confirmEmail.ignore")}
      branding={branding}
      t={t}
    />
  );
}

ConfirmEmailEmail.PreviewProps = {
  username: "jsmith",
  confirmUrl: "https://portal.example.com/confirm-email/preview-token-not-valid",
  expiresInHours: 24,
  branding: previewBranding,
  t: previewText("en"),
} satisfies ConfirmEmailEmailProps;
