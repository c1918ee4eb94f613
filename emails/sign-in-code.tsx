import { supportContactValues } from "@/lib/support/contact-details";
import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type SignInCodeEmailProps = {
  username: string;
  code: string;
  minutes: number;
  purpose: "sign_in" | "turn_on";
  branding: EmailBranding;
  t: EmailText;
};

const codeStyle = { ...paragraph, fontSize: "28px", fontWeight: 700, letterSpacing: "6px", lineHeight: "36px" };

/** Issue 17: the 6-digit code for a sign-in's second step, or to turn email codes on; no link, nothing else to act on. */
export default function SignInCodeEmail({ username, code, minutes, purpose, branding, t }: SignInCodeEmailProps) {
  return (
    <EmailLayout preview={t("signInCode.preview", { purpose })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: username })}</Text>
      <Text style={paragraph}>{t("signInCode.intro", { purpose, portalName: branding.portalName })}</Text>
      <Text style={codeStyle}>{code}</Text>
      <Text style={paragraph}>{t("signInCode.expiry", { minutes })}</Text>
      <Text style={paragraph}>{t("signInCode.ifNotYou", { purpose, ...supportContactValues(branding) })}</Text>
    </EmailLayout>
  );
}

SignInCodeEmail.PreviewProps = {
  username: "jsmith",
  code: "492817",
  minutes: 10,
  purpose: "sign_in",
  branding: previewBranding,
  t: previewText("en"),
} satisfies SignInCodeEmailProps;
