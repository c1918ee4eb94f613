import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

export type ContactMessageEmailProps = {
  name: string;
  email: string;
  message: string;
  reference: number;
  signedIn: boolean;
  /** Issue 27: the message in the staff inbox. */
  inboxUrl: string;
  branding: EmailBranding;
  t: EmailText;
};

const quote = { ...paragraph, whiteSpace: "pre-wrap" as const, borderLeft: "4px solid #cbd5e1", paddingLeft: "12px" };

/** To the support mailbox and the agents who asked for it. What the sender typed is text, escaped like every value in React Email. */
export default function ContactMessageEmail({ name, email, message, reference, signedIn, inboxUrl, branding, t }: ContactMessageEmailProps) {
  return (
    <EmailLayout preview={t("contactMessage.preview", { reference, name })} branding={branding} t={t}>
      <Text style={paragraph}>{t(signedIn ? "contactMessage.fromCustomer" : "contactMessage.fromVisitor", { reference, name, email })}</Text>
      <Text style={quote}>{message}</Text>
      <Button href={inboxUrl} style={button}>
        {t("contactMessage.button")}
      </Button>
    </EmailLayout>
  );
}

ContactMessageEmail.PreviewProps = {
  name: "Jane Doe",
  email: "jane@example.com",
  message: "Hello,\nI would like to know your opening hours over the holidays.\nThanks, Jane",
  reference: 77,
  signedIn: false,
  inboxUrl: "https://portal.example.com/staff/contact/77",
  branding: previewBranding,
  t: previewText("en"),
} satisfies ContactMessageEmailProps;
