import { supportContactValues } from "@/lib/support/contact-details";
import { Button, Text } from "@react-email/components";
import { button, EmailLayout, paragraph, previewBranding, type EmailBranding } from "./_components/email-layout";
import type { EmailText } from "./_components/email-text";
import { previewText } from "./_components/preview";

/** What a security alert is about (issue 16); each has its words under emails.securityAlert in the catalogs. */
export type SecurityAlertKind =
  | "newBrowser"
  | "externalConnected"
  | "externalDisconnected"
  | "locked"
  | "blocked"
  | "emailChangeRequested"
  | "emailChanged"
  | "emailChangedNew"
  | "emailChangeCancelled";

export type SecurityAlertEmailProps = {
  kind: SecurityAlertKind;
  username: string;
  /** The customer's name, which the greeting uses; the username only when there is none. */
  name?: string | null;
  /** When, from which browser and address it happened. */
  when: string;
  browser: string;
  ip: string;
  /** The external account's provider, the new address, the minutes of a lockout: as the kind needs. */
  provider?: string;
  newEmail?: string;
  minutes?: number;
  resetUrl: string;
  /** "This wasn't me" on the old address's notices of an email change, and on a connected identity's (issue 22). */
  notMeUrl?: string;
  branding: EmailBranding;
  t: EmailText;
};

const address = { wordBreak: "break-all" as const, color: "#0f172a" };

/**
 * Issue 16, S41: a mail to the account's address about something that happened to its security —
 * what, when, from where, and what to do if it was not the customer. Never a password or a token
 * other than the one "This wasn't me" link.
 */
export default function SecurityAlertEmail({ kind, username, name, when, browser, ip, provider, newEmail, minutes, resetUrl, notMeUrl, branding, t }: SecurityAlertEmailProps) {
  const values = {
    portalName: branding.portalName,
    username,
    when,
    browser,
    ip,
    provider: provider ?? "",
    newEmail: newEmail ?? "",
    minutes: minutes ?? 0,
    resetUrl,
    ...supportContactValues(branding),
  };
  return (
    <EmailLayout preview={t(`securityAlert.${kind}.preview`, values)} branding={branding} t={t}>
      <Text style={paragraph}>{t("greeting", { name: name?.trim() || username })}</Text>
      <Text style={paragraph}>{t(`securityAlert.${kind}.what`, values)}</Text>
      <Text style={paragraph}>{t(`securityAlert.${kind}.ifYou`, values)}</Text>
      <Text style={paragraph}>{t(`securityAlert.${kind}.ifNotYou`, values)}</Text>
      {notMeUrl && (
        <>
          <Button href={notMeUrl} style={button}>
            {t("securityAlert.notMe")}
          </Button>
          <Text style={paragraph}>
            {t("copyAddress")} <span style={address}>{notMeUrl}</span>
          </Text>
          {/* Issue 22: a connected identity's link undoes the connection (the email change's words fit only it). */}
          <Text style={paragraph}>{t(kind === "externalConnected" ? "twoStepChanged.notMeExpiry" : "securityAlert.notMeExpiry")}</Text>
        </>
      )}
    </EmailLayout>
  );
}

SecurityAlertEmail.PreviewProps = {
  kind: "emailChangeRequested",
  username: "jsmith",
  name: "John Smith",
  when: "27 November 2026 at 14:05 UTC",
  browser: "Firefox on Linux",
  ip: "203.0.113.7",
  newEmail: "john.smith@example.net",
  resetUrl: "https://portal.example.com/forgot-password",
  notMeUrl: "https://portal.example.com/email-change/not-me/preview-token-not-valid",
  branding: previewBranding,
  t: previewText("en"),
} satisfies SecurityAlertEmailProps;
