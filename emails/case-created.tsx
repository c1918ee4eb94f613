import { Button, Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";

export type CaseCreatedEmailProps = { name: string; caseNumber: number; subject: string; caseUrl: string; branding: EmailBranding };

export function caseCreatedSubject(caseNumber: number) {
  return `We have your case ${caseNumber}`;
}

const button = { backgroundColor: "#1d4e89", borderRadius: "6px", color: "#ffffff", fontWeight: 600, padding: "12px 20px" };

export default function CaseCreatedEmail({ name, caseNumber, subject, caseUrl, branding }: CaseCreatedEmailProps) {
  return (
    <EmailLayout preview={`Case ${caseNumber}: ${subject}`} branding={branding}>
      <Text style={paragraph}>Hello {name},</Text>
      <Text style={paragraph}>
        Thank you for contacting us. We have created case {caseNumber}, &ldquo;{subject}&rdquo;, and will answer within two working days.
      </Text>
      <Button href={caseUrl} style={button}>
        Follow your case
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
} satisfies CaseCreatedEmailProps;
