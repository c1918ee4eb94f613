import { Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";

export type PasswordChangedEmailProps = {
  username: string;
  how: "reset" | "changed";
  when: string;
  browser: string;
  ip: string;
  resetUrl: string;
  branding: EmailBranding;
};

export function passwordChangedSubject(branding: EmailBranding) {
  return `Your ${branding.portalName} password was changed`;
}

/** S41: sent after every reset and change; no password or token, and what to do if it wasn't them. */
export default function PasswordChangedEmail({ username, how, when, browser, ip, resetUrl, branding }: PasswordChangedEmailProps) {
  return (
    <EmailLayout preview="Your password was changed" branding={branding}>
      <Text style={paragraph}>Hello {username},</Text>
      <Text style={paragraph}>
        The password of your {branding.portalName} account was {how === "reset" ? "reset" : "changed"} on {when}, from {browser} (IP
        address {ip}). Every device that was signed in has been signed out.
      </Text>
      <Text style={paragraph}>If this was you, there is nothing more to do.</Text>
      <Text style={paragraph}>
        If it wasn&apos;t you, someone may know your password or have access to your email. Reset your password now at {resetUrl} and
        call us on {branding.supportPhone} or write to {branding.supportEmail}.
      </Text>
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  username: "jsmith",
  how: "reset",
  when: "27 November 2026 at 14:05 UTC",
  browser: "Chrome on Windows",
  ip: "203.0.113.7",
  resetUrl: "https://portal.example.com/forgot-password",
  branding: previewBranding,
} satisfies PasswordChangedEmailProps;
