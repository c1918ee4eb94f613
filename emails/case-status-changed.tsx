import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

/** The catalog's select key for each status: open, inProgress, waitingForYou, closed. */
export type StatusKey = "open" | "inProgress" | "waitingForYou" | "closed";

export type CaseStatusChangedEmailProps = { name: string; caseNumber: number; subject: string; status: StatusKey; caseUrl: string; branding: EmailBranding; t: EmailText };

/** To the customer: their case's new status, what it means for them, and the way back to the case. */
export default function CaseStatusChangedEmail({ name, caseNumber, subject, status, caseUrl, branding, t }: CaseStatusChangedEmailProps) {
  return (
    <EmailLayout preview={t("caseStatusChanged.preview", { number: caseNumber, status })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name })}</Text>
      <Text style={paragraph}>{t("caseStatusChanged.body", { number: caseNumber, subject, status })}</Text>
      <Text style={paragraph}>{t("caseStatusChanged.meaning", { status })}</Text>
      <Button href={caseUrl} style={button}>
        {t("caseStatusChanged.button")}
      </Button>
    </EmailLayout>
  );
}

CaseStatusChangedEmail.PreviewProps = {
  name: "John Smith",
  caseNumber: 1042,
  subject: "I cannot find my last order confirmation",
  status: "closed",
  caseUrl: "https://portal.example.com/support/cases/1042",
  branding: previewBranding,
  t: previewText("en"),
} satisfies CaseStatusChangedEmailProps;
