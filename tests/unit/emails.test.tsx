import { rmSync } from "node:fs";
import path from "node:path";
import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import { previewBranding, type EmailBranding } from "@/emails/_components/email-layout";
import type { EmailText } from "@/emails/_components/email-text";
import { previewIn, type MailCatalog, type PreviewSamples } from "@/emails/_components/preview";
import CaseCustomerReplyEmail from "@/emails/case-customer-reply";
import CaseNewForStaffEmail from "@/emails/case-new-for-staff";
import CaseReplyEmail from "@/emails/case-reply";
import CaseStatusChangedEmail from "@/emails/case-status-changed";
import ContactMessageEmail from "@/emails/contact-message";
import ContactReplyEmail from "@/emails/contact-reply";
import PasswordChangedEmail from "@/emails/password-changed";
import ResetPasswordEmail from "@/emails/reset-password";
import SecurityAlertEmail, { type SecurityAlertKind } from "@/emails/security-alert";
import SignInCodeEmail from "@/emails/sign-in-code";
import { availableLocales, localeFile, messagesFor } from "@/lib/i18n/locales";
import { mailText } from "@/lib/mail/render";
import { emailTemplates, writeEmailPreviews } from "@/scripts/email-preview-files";

type Template = FunctionComponent<{ branding: EmailBranding; t: EmailText }> & { PreviewProps: { branding: EmailBranding; t: EmailText } };

/**
 * S43 and issue 18: snapshots of what customers receive, HTML and text, in each language, from each
 * template's preview props — every template of emails/ in every language of locales/, as npm run
 * email shows them (one file per template, the language given at render time).
 */
describe.each(availableLocales())("email templates in %s", (locale) => {
  it.each(emailTemplates().filter((name) => !name.includes("/")))("%s renders the checked-in HTML and text", async (name) => {
    const template = ((await import(`@/emails/${name}`)) as { default: Template }).default;
    const preview = previewIn(template, locale, messagesFor(locale) as MailCatalog, localeFile<PreviewSamples>(locale, "email-previews.json")?.[name]);
    const element = createElement(preview, preview.PreviewProps);
    const html = await render(element);
    expect(html).toContain(`lang="${locale}"`);
    expect(html).toMatchSnapshot("html");
    expect(await render(element, { plainText: true })).toMatchSnapshot("text");
  });
});

describe("the reset mail", () => {
  it("has exactly one link, and escapes what the customer controls (S43)", async () => {
    const props = { ...ResetPasswordEmail.PreviewProps, username: "<script>alert(1)</script>" };
    const html = await render(<ResetPasswordEmail {...props} />);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual([props.resetUrl]);
  });

  it("says in Spanish what it says in English: the expiry, single use, and what to do if it was not asked for", async () => {
    const text = await render(<ResetPasswordEmail {...ResetPasswordEmail.PreviewProps} t={mailText("es")} />, { plainText: true });
    expect(text).toContain("caduca en 60 minutos y solo puede usarse una vez");
    expect(text).toContain("Si no ha solicitado este cambio, puede ignorar este correo; su contraseña no ha cambiado.");
  });
});

describe("the case and Contact us replies (issue 15)", () => {
  it("show what was typed as text, never as HTML, and link only to the case", async () => {
    const reply = '<a href="https://evil.test">click</a>\n<script>alert(1)</script>';
    const html = await render(<CaseReplyEmail {...CaseReplyEmail.PreviewProps} reply={reply} />);
    expect(html).not.toContain('<a href="https://evil.test">');
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual([CaseReplyEmail.PreviewProps.caseUrl]);
    for (const element of [
      <CaseCustomerReplyEmail key="staff" {...CaseCustomerReplyEmail.PreviewProps} reply={reply} />,
      <CaseNewForStaffEmail key="new-for-staff" {...CaseNewForStaffEmail.PreviewProps} description={reply} subject={reply} customerName={reply} />,
      <ContactMessageEmail key="contact-message" {...ContactMessageEmail.PreviewProps} message={reply} name={reply} />,
      <ContactReplyEmail key="contact" {...ContactReplyEmail.PreviewProps} reply={reply} original={reply} />,
    ]) {
      expect(await render(element)).not.toContain("<script>alert(1)</script>");
    }
  });

  it.each(["open", "inProgress", "waitingForYou", "closed"] as const)("words the status %s in both languages", async (status) => {
    for (const locale of ["en", "es"] as const) {
      const text = await render(<CaseStatusChangedEmail {...CaseStatusChangedEmail.PreviewProps} status={status} t={mailText(locale)} />, { plainText: true });
      expect(text).not.toMatch(/updated|actualizado|what changed|qué ha cambiado/);
    }
  });
});

describe("security alerts (issue 16)", () => {
  const kinds: SecurityAlertKind[] = ["newBrowser", "externalConnected", "externalDisconnected", "locked", "blocked", "emailChangeRequested", "emailChanged", "emailChangedNew", "emailChangeCancelled"];

  it.each(kinds)("%s says what happened, when, from where, and what to do, in both languages (S41)", async (kind) => {
    for (const locale of ["en", "es"] as const) {
      const props = { ...SecurityAlertEmail.PreviewProps, kind, provider: "Contoso staff", minutes: 5, t: mailText(locale) };
      const text = await render(<SecurityAlertEmail {...props} />, { plainText: true });
      expect(text).toContain(props.when);
      if (kind !== "emailChangedNew") expect(text).toContain(props.ip);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  it("carries one link besides the reset address — \"This wasn't me\" — and only when given one", async () => {
    const withLink = await render(<SecurityAlertEmail {...SecurityAlertEmail.PreviewProps} />);
    expect([...withLink.matchAll(/href="([^"]+)"/g)].map((match) => match[1])).toEqual([SecurityAlertEmail.PreviewProps.notMeUrl]);
    const without = await render(<SecurityAlertEmail {...SecurityAlertEmail.PreviewProps} kind="newBrowser" notMeUrl={undefined} />);
    expect([...without.matchAll(/href="([^"]+)"/g)]).toEqual([]);
  });
});

describe("the support contact in mail (issue 29)", () => {
  const withoutPhone = { ...previewBranding, supportPhone: null };

  it.each(["en", "es"] as const)("leaves the phone line out in %s when SUPPORT_PHONE is not set, and still gives the address", async (locale) => {
    const mails = [
      <PasswordChangedEmail key="changed" {...PasswordChangedEmail.PreviewProps} branding={withoutPhone} t={mailText(locale)} />,
      <SecurityAlertEmail key="alert" {...SecurityAlertEmail.PreviewProps} branding={withoutPhone} t={mailText(locale)} />,
      <SignInCodeEmail key="code" {...SignInCodeEmail.PreviewProps} branding={withoutPhone} t={mailText(locale)} />,
    ];
    for (const mail of mails) {
      const text = await render(mail, { plainText: true });
      expect(text).toContain(previewBranding.supportEmail);
      expect(text).not.toMatch(/1-800|call us|Call |llámenos|Llámenos|\{\w+\}/);
    }
  });

  it("gives the phone line when it is set", async () => {
    const text = await render(<PasswordChangedEmail {...PasswordChangedEmail.PreviewProps} />, { plainText: true });
    expect(text).toContain(`call us on ${previewBranding.supportPhone}`);
  });
});

describe("the preview server (npm run email)", () => {
  const directory = path.join(process.cwd(), ".data", `email-preview-test-${process.pid}`);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("shows every template, security alerts included, in every language, each from its one template file", async () => {
    const written = writeEmailPreviews(directory);
    const expected = availableLocales().flatMap((locale) => emailTemplates().map((name) => path.join(directory, locale, `${name}.tsx`)));
    expect(written.sort()).toEqual(expected.sort());
    for (const locale of availableLocales()) {
      for (const name of ["reset-password", "security-alerts/locked"]) {
        const preview = ((await import(path.join(directory, locale, name))) as { default: Template }).default;
        const html = await render(createElement(preview, preview.PreviewProps));
        expect(html).toContain(`lang="${locale}"`);
        expect(html).toContain((messagesFor(locale).meta as { portalName: string }).portalName);
      }
    }
  });
});
