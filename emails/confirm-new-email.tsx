import type { EmailBranding } from "./_components/email-layout";
import { previewBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { LinkEmail } from "./_components/link-email";
import { previewText } from "./_components/preview";

export type ConfirmNewEmailEmailProps = { username: string; newEmail: string; confirmUrl: string; expiresInHours: number; branding: EmailBranding; t: EmailText };

/** Issue 16: sent to the new address; the account's address changes only when the link is followed. */
export default function ConfirmNewEmailEmail({ username, newEmail, confirmUrl, expiresInHours, branding, t }: ConfirmNewEmailEmailProps) {
  return (
    <LinkEmail
      preview={t("confirmNewEmail.preview")}
      greeting={t("greeting", { name: username })}
      paragraphs={[t("confirmNewEmail.intro", { portalName: branding.portalName, username, newEmail })]}
      buttonLabel={t("confirmNewEmail.button")}
      url={confirmUrl}
      expiry={t("linkExpiry", { hours: expiresInHours })}
      closing={t("confirmNewEmail.ignore")}
      branding={branding}
      t={t}
    />
  );
}

ConfirmNewEmailEmail.PreviewProps = {
  username: "jsmith",
  newEmail: "john.smith@example.net",
  confirmUrl: "https://portal.example.com/email-change/confirm/preview-token-not-valid",
  expiresInHours: 24,
  branding: previewBranding,
  t: previewText("en"),
} satisfies ConfirmNewEmailEmailProps;
