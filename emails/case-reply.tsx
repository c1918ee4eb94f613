import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import { AttachedFiles } from "./_components/attached-files";
import type { EmailText } from "./_components/email-text";
import { MultilineText } from "./_components/multiline-text";
import { previewText } from "./_components/preview";

export type CaseReplyEmailProps = {
  name: string;
  caseNumber: number;
  subject: string;
  reply: string;
  /** The case now waits for the customer's answer. */
  waitingForYou: boolean;
  caseUrl: string;
  /** The names of the files that came with it (the mail never carries them). */
  attachments?: readonly string[];
  branding: EmailBranding;
  t: EmailText;
};

const quote = { ...paragraph, whiteSpace: "pre-wrap" as const, borderLeft: "4px solid #cbd5e1", paddingLeft: "12px" };

/** To the customer: the support team's reply, as text (escaped like every value in React Email), and the way back to the case. */
export default function CaseReplyEmail({ name, caseNumber, subject, reply, waitingForYou, caseUrl, attachments, branding, t }: CaseReplyEmailProps) {
  return (
    <EmailLayout preview={t("caseReply.preview", { number: caseNumber, subject })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name })}</Text>
      <Text style={paragraph}>{t("caseReply.intro", { number: caseNumber, subject })}</Text>
      <MultilineText text={reply} style={quote} />
      {waitingForYou && <Text style={paragraph}>{t("caseReply.waitingForYou")}</Text>}
      <AttachedFiles names={attachments} t={t} />
      <Button href={caseUrl} style={button}>
        {t("caseReply.button")}
      </Button>
      <Text style={paragraph}>{t("caseReply.howToAnswer")}</Text>
    </EmailLayout>
  );
}

CaseReplyEmail.PreviewProps = {
  name: "John Smith",
  caseNumber: 1042,
  subject: "I cannot find my last order confirmation",
  reply: "Hello John,\nWe have sent the confirmation again. Could you check your spam folder and tell us whether it arrived?\nDetails: https://portal.example.com/knowledge-base/contacting-customer-support",
  waitingForYou: true,
  caseUrl: "https://portal.example.com/support/cases/1042",
  branding: previewBranding,
  t: previewText("en"),
} satisfies CaseReplyEmailProps;
