import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";

export type ContactMessageEmailProps = { name: string; email: string; message: string; reference: number; signedIn: boolean; branding: EmailBranding };

export function contactMessageSubject(reference: number, name: string) {
  return `Contact us message ${reference} from ${name}`;
}

const quote = { ...paragraph, whiteSpace: "pre-wrap" as const, borderLeft: "4px solid #cbd5e1", paddingLeft: "12px" };

/** To the support mailbox. What the sender typed is text, escaped like every value in React Email. */
export default function ContactMessageEmail({ name, email, message, reference, signedIn, branding }: ContactMessageEmailProps) {
  return (
    <EmailLayout preview={`Message ${reference} from ${name}`} branding={branding}>
      <Text style={paragraph}>
        Message {reference} from {name} &lt;{email}&gt;{signedIn ? ", a signed-in customer" : " (not signed in: the address is unverified)"}:
      </Text>
      <Text style={quote}>{message}</Text>
    </EmailLayout>
  );
}

ContactMessageEmail.PreviewProps = {
  name: "Jane Doe",
  email: "jane@example.com",
  message: "Hello,\nI would like to know your opening hours over the holidays.\nThanks, Jane",
  reference: 77,
  signedIn: false,
  branding: previewBranding,
} satisfies ContactMessageEmailProps;
