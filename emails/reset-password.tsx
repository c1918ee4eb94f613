import { Button, Text } from "@react-email/components";
import { EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";

export type ResetPasswordEmailProps = {
  username: string;
  resetUrl: string;
  expiresInMinutes: number;
  branding: EmailBranding;
};

export function resetPasswordSubject(branding: EmailBranding) {
  return `Reset your ${branding.portalName} password`;
}

const address = { wordBreak: "break-all" as const, color: "#0f172a" };
const button = { backgroundColor: "#1d4e89", borderRadius: "6px", color: "#ffffff", fontWeight: 600, padding: "12px 20px" };

/** S43: one link, its expiry, and what to do if the customer did not ask. */
export default function ResetPasswordEmail({ username, resetUrl, expiresInMinutes, branding }: ResetPasswordEmailProps) {
  return (
    <EmailLayout preview={`Reset the password of ${username}`} branding={branding}>
      <Text style={paragraph}>Hello {username},</Text>
      <Text style={paragraph}>
        We received a request to reset the password of your {branding.portalName} account. Your username is{" "}
        <strong>{username}</strong>; you will sign in with it and your new password.
      </Text>
      <Button href={resetUrl} style={button}>
        Reset your password
      </Button>
      {/* S43: one link only; the address is repeated as text for mail clients that hide buttons. */}
      <Text style={paragraph}>
        If the button does not work, copy this address into your browser: <span style={address}>{resetUrl}</span>
      </Text>
      <Text style={paragraph}>
        The link expires in {expiresInMinutes} minutes and works once.
      </Text>
      <Text style={paragraph}>If you didn&apos;t ask for this, you can ignore this email; your password has not changed.</Text>
    </EmailLayout>
  );
}

ResetPasswordEmail.PreviewProps = {
  username: "jsmith",
  resetUrl: "https://portal.example.com/reset-password/preview-token-not-valid",
  expiresInMinutes: 60,
  branding: previewBranding,
} satisfies ResetPasswordEmailProps;
