import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { MultilineText } from "./_components/multiline-text";
import { previewText } from "./_components/preview";

export type ContactReplyEmailProps = { name: string; reference: number; reply: string; original: string; branding: EmailBranding; t: EmailText };

const quote = { ...paragraph, whiteSpace: "pre-wrap" as const };
const original = { ...paragraph, whiteSpace: "pre-wrap" as const, color: "#475569", borderLeft: "4px solid #cbd5e1", paddingLeft: "12px" };

/** To whoever wrote through Contact us: the support team's answer, then their own message for reference. Text only, escaped. */
export default function ContactReplyEmail({ name, reference, reply, original: message, branding, t }: ContactReplyEmailProps) {
  return (
    <EmailLayout preview={t("contactReply.preview", { reference, companyName: branding.companyName })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name })}</Text>
      <MultilineText text={reply} style={quote} />
      <Text style={paragraph}>{t("contactReply.yourMessage", { reference })}</Text>
      <MultilineText text={message} style={original} />
    </EmailLayout>
  );
}

ContactReplyEmail.PreviewProps = {
  name: "Jane Doe",
  reference: 77,
  reply: "Hello Jane,\nWe are open on weekdays from 8 am to 6 pm over the holidays, except on public holidays.",
  original: "Hello,\nI would like to know your opening hours over the holidays.\nThanks, Jane",
  branding: previewBranding,
  t: previewText("en"),
} satisfies ContactReplyEmailProps;
