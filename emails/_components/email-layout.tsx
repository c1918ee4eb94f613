import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { supportContactValues } from "@/lib/support/contact-details";
import type { EmailText } from "./email-text";

export type EmailBranding = {
  portalName: string;
  companyName: string;
  supportPhone: string | null;
  supportEmail: string;
};

export const previewBranding: EmailBranding = {
  portalName: "Customer Portal",
  companyName: "Alliant Power",
  supportPhone: "1-800-555-0100",
  supportEmail: "support@example.com",
};

const body = { backgroundColor: "#f1f5f9", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" };
const container = { backgroundColor: "#ffffff", margin: "24px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" };
const header = { color: "#0b2545", fontSize: "20px", fontWeight: 700, margin: "0 0 24px" };
const footer = { color: "#475569", fontSize: "13px", lineHeight: "20px" };

/** The frame every portal email shares: the portal's name on top, the support contact below, in the mail's language. */
/** `footerText` replaces the customers' footer in mail to the support team (issue 28). */
export function EmailLayout({ preview, branding, t, children, footerText }: { preview: string; branding: EmailBranding; t: EmailText; children: ReactNode; footerText?: string }) {
  return (
    <Html lang={t.locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Text style={header}>{t("layout.brand", { companyName: branding.companyName, portalName: branding.portalName })}</Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={footer}>{footerText ?? t("layout.footer", supportContactValues(branding))}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const paragraph = { color: "#0f172a", fontSize: "16px", lineHeight: "24px" };
export const button = { backgroundColor: "#1d4e89", borderRadius: "6px", color: "#ffffff", fontWeight: 600, padding: "12px 20px" };
