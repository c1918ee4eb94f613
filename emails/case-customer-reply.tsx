import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import { AttachedFiles } from "./_components/attached-files";
import type { EmailText } from "./_components/email-text";
import { MultilineText } from "./_components/multiline-text";
import { previewText } from "./_components/preview";

export type CaseCustomerReplyEmailProps = {
  customerName: string;
  caseNumber: number;
  subject: string;
  reply: string;
  /** The reply took the case out of "waiting for you". */
  reopened: boolean;
  /** The case on the staff screens. */
  caseUrl: string;
  /** The names of the files that came with it (the mail never carries them). */
  attachments?: readonly string[];
  branding: EmailBranding;
  t: EmailText;
};

const quote = { ...paragraph, whiteSpace: "pre-wrap" as const, borderLeft: "4px solid #cbd5e1", paddingLeft: "12px" };

/** To the assigned agent, or the support mailbox: a customer answered. What they typed is text, escaped. */
export default function CaseCustomerReplyEmail({ customerName, caseNumber, subject, reply, reopened, caseUrl, attachments, branding, t }: CaseCustomerReplyEmailProps) {
  return (
    <EmailLayout preview={t("caseCustomerReply.preview", { number: caseNumber, name: customerName })} branding={branding} t={t}>
      <Text style={paragraph}>{t("caseCustomerReply.intro", { number: caseNumber, subject, name: customerName })}</Text>
      <MultilineText text={reply} style={quote} />
      {reopened && <Text style={paragraph}>{t("caseCustomerReply.reopened")}</Text>}
      <AttachedFiles names={attachments} t={t} />
      <Button href={caseUrl} style={button}>
        {t("caseCustomerReply.button")}
      </Button>
    </EmailLayout>
  );
}

CaseCustomerReplyEmail.PreviewProps = {
  customerName: "John Smith",
  caseNumber: 1042,
  subject: "I cannot find my last order confirmation",
  reply: "Thank you, it was in the spam folder.\nCan you tell me why it went there?",
  reopened: true,
  caseUrl: "https://portal.example.com/staff/cases/1042",
  branding: previewBranding,
  t: previewText("en"),
} satisfies CaseCustomerReplyEmailProps;
