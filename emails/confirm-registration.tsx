import type { EmailBranding } from "./_components/email-layout";
import { previewBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { LinkEmail } from "./_components/link-email";
import { previewText } from "./_components/preview";

export type ConfirmRegistrationEmailProps = { username: string; confirmUrl: string; expiresInHours: number; branding: EmailBranding; t: EmailText };

/** Issue 14: to a new address that registered — the link that creates the account. */
export default function ConfirmRegistrationEmail({ username, confirmUrl, expiresInHours, branding, t }: ConfirmRegistrationEmailProps) {
  return (
    <LinkEmail
      preview={t("confirmRegistration.preview")}
      greeting={t("greeting", { name: username })}
      paragraphs={[t("confirmRegistration.intro", { portalName: branding.portalName, username })]}
      buttonLabel={t("confirmRegistration.button")}
      url={confirmUrl}
      expiry={t("linkExpiry", { hours: expiresInHours })}
      closing={t("confirmRegistration.ignore")}
      branding={branding}
      t={t}
    />
  );
}

ConfirmRegistrationEmail.PreviewProps = {
  username: "jsmith",
  confirmUrl: "https://portal.example.com/register/confirm/preview-token-not-valid",
  expiresInHours: 24,
  branding: previewBranding,
  t: previewText("en"),
} satisfies ConfirmRegistrationEmailProps;
