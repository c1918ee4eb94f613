import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { MultilineText } from "./_components/multiline-text";
import { previewText } from "./_components/preview";

export type CaseNewForStaffEmailProps = {
  customerName: string;
  caseNumber: number;
  subject: string;
  description: string;
  /** The case on the staff screens. */
  caseUrl: string;
  branding: EmailBranding;
  t: EmailText;
};

const quote = { ...paragraph, whiteSpace: "pre-wrap" as const, borderLeft: "4px solid #cbd5e1", paddingLeft: "12px" };

/** Issue 27: to the support mailbox and the agents who asked for it — a customer opened a case. What they typed is text, escaped. */
export default function CaseNewForStaffEmail({ customerName, caseNumber, subject, description, caseUrl, branding, t }: CaseNewForStaffEmailProps) {
  return (
    <EmailLayout preview={t("caseNewForStaff.preview", { number: caseNumber, name: customerName })} branding={branding} t={t}>
      <Text style={paragraph}>{t("caseNewForStaff.intro", { number: caseNumber, subject, name: customerName })}</Text>
      <MultilineText text={description} style={quote} />
      <Button href={caseUrl} style={button}>
        {t("caseNewForStaff.button")}
      </Button>
    </EmailLayout>
  );
}

CaseNewForStaffEmail.PreviewProps = {
  customerName: "John Smith",
  caseNumber: 1042,
  subject: "I cannot find my last order confirmation",
  description: "I placed an order last week and never got the confirmation email.\nCan you send it again?",
  caseUrl: "https://portal.example.com/staff/cases/1042",
  branding: previewBranding,
  t: previewText("en"),
} satisfies CaseNewForStaffEmailProps;
