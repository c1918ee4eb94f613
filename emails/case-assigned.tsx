import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type CaseAssignedEmailProps = {
  /** Who gave the case. */
  assignedBy: string;
  caseNumber: number;
  subject: string;
  /** The case on the staff screens. */
  caseUrl: string;
  branding: EmailBranding;
  t: EmailText;
};

/** Issue 27: to the agent a case was given to. */
export default function CaseAssignedEmail({ assignedBy, caseNumber, subject, caseUrl, branding, t }: CaseAssignedEmailProps) {
  return (
    <EmailLayout preview={t("caseAssigned.preview", { number: caseNumber })} branding={branding} t={t}>
      <Text style={paragraph}>{t("caseAssigned.intro", { number: caseNumber, subject, name: assignedBy })}</Text>
      <Button href={caseUrl} style={button}>
        {t("caseAssigned.button")}
      </Button>
    </EmailLayout>
  );
}

CaseAssignedEmail.PreviewProps = {
  assignedBy: "Alex Morgan",
  caseNumber: 1042,
  subject: "I cannot find my last order confirmation",
  caseUrl: "https://portal.example.com/staff/cases/1042",
  branding: previewBranding,
  t: previewText("en"),
} satisfies CaseAssignedEmailProps;
