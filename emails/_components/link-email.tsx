import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, type EmailBranding } from "./email-layout";
import type { EmailText } from "./email-text";

const address = { wordBreak: "break-all" as const, color: "#0f172a" };

/**
 * A mail whose point is one link (S43): a greeting, what it is about, one button, the same address
 * as text for clients that hide buttons, how long it works, and what to do if it was not asked for.
 */
export function LinkEmail({
  preview,
  greeting,
  paragraphs,
  buttonLabel,
  url,
  expiry,
  closing,
  branding,
  t,
}: {
  preview: string;
  greeting: string;
  paragraphs: string[];
  buttonLabel: string;
  url: string;
  expiry: string;
  closing: string;
  branding: EmailBranding;
  t: EmailText;
}) {
  return (
    <EmailLayout preview={preview} branding={branding} t={t}>
      <Text style={paragraph}>{greeting}</Text>
      {paragraphs.map((text) => (
        <Text key={text} style={paragraph}>
          {text}
        </Text>
      ))}
      <Button href={url} style={button}>
        {buttonLabel}
      </Button>
      <Text style={paragraph}>
        {t("copyAddress")} <span style={address}>{url}</span>
      </Text>
      <Text style={paragraph}>{expiry}</Text>
      <Text style={paragraph}>{closing}</Text>
    </EmailLayout>
  );
}
