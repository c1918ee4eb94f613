import { supportContactValues } from "@/lib/support/contact-details";
import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type EmailInUseEmailProps = { username: string; when: string; branding: EmailBranding; t: EmailText };

/**
 * Issue 16: someone asked to move another account to this address, which already has one. The
 * screen said the same as for any address; only this address's owner learns of the attempt — not
 * which account it was.
 */
export default function EmailInUseEmail({ username, when, branding, t }: EmailInUseEmailProps) {
  return (
    <EmailLayout preview={t("emailInUse.preview")} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: username })}</Text>
      <Text style={paragraph}>{t("emailInUse.what", { portalName: branding.portalName, when })}</Text>
      <Text style={paragraph}>{t("emailInUse.nothingChanged")}</Text>
      <Text style={paragraph}>{t("emailInUse.ifNotYou", { ...supportContactValues(branding) })}</Text>
    </EmailLayout>
  );
}

EmailInUseEmail.PreviewProps = {
  username: "jsmith",
  when: "27 November 2026 at 14:05 UTC",
  branding: previewBranding,
  t: previewText("en"),
} satisfies EmailInUseEmailProps;
