import type { EmailBranding } from "./_components/email-layout";
import { previewBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { LinkEmail } from "./_components/link-email";
import { previewText } from "./_components/preview";

export type InvitationEmailProps = { name: string; code: string; invitationUrl: string; expiresOn: string; branding: EmailBranding; t: EmailText };

/** Issue 14: an invitation from the operator — the code, and a link that carries it. */
export default function InvitationEmail({ name, code, invitationUrl, expiresOn, branding, t }: InvitationEmailProps) {
  return (
    <LinkEmail
      preview={t("invitation.preview", { portalName: branding.portalName })}
      greeting={t("greeting", { name })}
      paragraphs={[t("invitation.intro", { companyName: branding.companyName, portalName: branding.portalName }), t("invitation.code", { code })]}
      buttonLabel={t("invitation.button")}
      url={invitationUrl}
      expiry={t("invitation.expiry", { date: expiresOn })}
      closing={t("invitation.ignore")}
      branding={branding}
      t={t}
    />
  );
}

InvitationEmail.PreviewProps = {
  name: "Jane Doe",
  code: "K7QF-M2XD-9TRA",
  invitationUrl: "https://portal.example.com/register/invitation/K7QF-M2XD-9TRA",
  expiresOn: "11 December 2026",
  branding: previewBranding,
  t: previewText("en"),
} satisfies InvitationEmailProps;
