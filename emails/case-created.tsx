import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import { AttachedFiles } from "./_components/attached-files";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type CaseCreatedEmailProps = { name: string; caseNumber: number; subject: string; caseUrl: string; attachments?: readonly string[]; branding: EmailBranding; t: EmailText };

export default function CaseCreatedEmail({ name, caseNumber, subject, caseUrl, attachments, branding, t }: CaseCreatedEmailProps) {
  return (
    <EmailLayout preview={t("caseCreated.preview", { number: caseNumber, subject })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name })}</Text>
      <Text style={paragraph}>{t("caseCreated.body", { number: caseNumber, subject })}</Text>
      <AttachedFiles names={attachments} t={t} />
      <Button href={caseUrl} style={button}>
        {t("caseCreated.button")}
      </Button>
    </EmailLayout>
  );
}

CaseCreatedEmail.PreviewProps = {
  name: "John Smith",
  caseNumber: 1042,
  subject: "I cannot find my last order confirmation",
  caseUrl: "https://portal.example.com/support/cases/1042",
  branding: previewBranding,
  t: previewText("en"),
} satisfies CaseCreatedEmailProps;
