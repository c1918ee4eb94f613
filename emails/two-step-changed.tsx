import { supportContactValues } from "@/lib/support/contact-details";
import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

const address = { wordBreak: "break-all" as const, color: "#0f172a" };

/** What changed in the customer's two-step verification; the catalog words each. */
export type TwoStepChange =
  | "authenticator_app_on"
  | "authenticator_app_off"
  | "email_code_on"
  | "email_code_off"
  | "passkey_added"
  | "passkey_removed"
  | "recovery_codes_new"
  | "recovery_code_used"
  | "reset_by_support";

export type TwoStepChangedEmailProps = {
  username: string;
  /** The customer's name, which the greeting uses; the username only when there is none. */
  name?: string | null;
  change: TwoStepChange;
  when: string;
  /** Where the change was made from; null when support made it. */
  browser: string | null;
  ip: string | null;
  passkeyName: string;
  codesLeft: number;
  accountUrl: string;
  /** Issue 22: "This wasn't me" for a way in that was added (removes it, signs out everywhere). */
  notMeUrl?: string | null;
  branding: EmailBranding;
  t: EmailText;
};

/** Issue 17 (as S41): a change to how the customer signs in — what, when, from where, and what to do if it was not them. */
export default function TwoStepChangedEmail({ username, name, change, when, browser, ip, passkeyName, codesLeft, accountUrl, notMeUrl, branding, t }: TwoStepChangedEmailProps) {
  return (
    <EmailLayout preview={t("twoStepChanged.preview", { change })} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: name?.trim() || username })}</Text>
      <Text style={paragraph}>{t("twoStepChanged.what", { change, portalName: branding.portalName, passkeyName, when })}</Text>
      {browser && ip && <Text style={paragraph}>{t("twoStepChanged.where", { browser, ip })}</Text>}
      {change === "recovery_code_used" && <Text style={paragraph}>{t("twoStepChanged.codesLeft", { count: codesLeft })}</Text>}
      <Text style={paragraph}>{t("twoStepChanged.ifNotYou", { ...supportContactValues(branding) })}</Text>
      {notMeUrl && (
        <>
          <Button href={notMeUrl} style={button}>
            {t("twoStepChanged.notMe")}
          </Button>
          <Text style={paragraph}>
            {t("copyAddress")} <span style={address}>{notMeUrl}</span>
          </Text>
          <Text style={paragraph}>{t("twoStepChanged.notMeExpiry")}</Text>
        </>
      )}
      <Button href={accountUrl} style={button}>
        {t("twoStepChanged.button")}
      </Button>
    </EmailLayout>
  );
}

TwoStepChangedEmail.PreviewProps = {
  username: "jsmith",
  name: "John Smith",
  change: "authenticator_app_on",
  when: "27 November 2026 at 14:05 UTC",
  browser: "Chrome on Windows",
  ip: "203.0.113.7",
  passkeyName: "",
  codesLeft: 0,
  accountUrl: "https://portal.example.com/account",
  branding: previewBranding,
  t: previewText("en"),
} satisfies TwoStepChangedEmailProps;
