import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { previewBranding } from "@/emails/_components/email-layout";
import { previewText } from "@/emails/_components/preview";
import AlreadyRegisteredEmail from "@/emails/already-registered";
import CaseCreatedEmail from "@/emails/case-created";
import ConfirmEmailEmail from "@/emails/confirm-email";
import ConfirmRegistrationEmail from "@/emails/confirm-registration";
import SpanishAlreadyRegistered from "@/emails/es/already-registered";
import SpanishConfirmEmail from "@/emails/es/confirm-email";
import SpanishConfirmRegistration from "@/emails/es/confirm-registration";
import SpanishInvitation from "@/emails/es/invitation";
import InvitationEmail from "@/emails/invitation";
import CaseCustomerReplyEmail from "@/emails/case-customer-reply";
import CaseReplyEmail from "@/emails/case-reply";
import CaseStatusChangedEmail from "@/emails/case-status-changed";
import ContactMessageEmail from "@/emails/contact-message";
import ContactReplyEmail from "@/emails/contact-reply";
import PasswordChangedEmail from "@/emails/password-changed";
import SpanishCase from "@/emails/es/case-created";
import SpanishCaseCustomerReply from "@/emails/es/case-customer-reply";
import SpanishCaseReply from "@/emails/es/case-reply";
import SpanishCaseStatus from "@/emails/es/case-status-changed";
import SpanishContact from "@/emails/es/contact-message";
import SpanishContactReply from "@/emails/es/contact-reply";
import SpanishChanged from "@/emails/es/password-changed";
import SpanishReset from "@/emails/es/reset-password";
import ResetPasswordEmail from "@/emails/reset-password";
import ConfirmNewEmailEmail from "@/emails/confirm-new-email";
import EmailInUseEmail from "@/emails/email-in-use";
import SpanishConfirmNewEmail from "@/emails/es/confirm-new-email";
import SpanishEmailInUse from "@/emails/es/email-in-use";
import SpanishSecurityAlert from "@/emails/es/security-alert";
import SecurityAlertEmail, { type SecurityAlertKind } from "@/emails/security-alert";
import SignInCodeEmail from "@/emails/sign-in-code";
import SpanishSignInCode from "@/emails/es/sign-in-code";
import SpanishTwoStepChanged from "@/emails/es/two-step-changed";
import TwoStepChangedEmail from "@/emails/two-step-changed";
import CaseAssignedEmail from "@/emails/case-assigned";
import CaseNewForStaffEmail from "@/emails/case-new-for-staff";
import SpanishCaseAssigned from "@/emails/es/case-assigned";
import SpanishCaseNewForStaff from "@/emails/es/case-new-for-staff";

/** S43 and issue 18: snapshots of what customers receive, HTML and text, in each language, from each template's preview props. */
const previews = {
  en: [
    ["reset-password", <ResetPasswordEmail key="reset" {...ResetPasswordEmail.PreviewProps} />],
    ["password-changed", <PasswordChangedEmail key="changed" {...PasswordChangedEmail.PreviewProps} />],
    ["case-created", <CaseCreatedEmail key="case" {...CaseCreatedEmail.PreviewProps} />],
    ["contact-message", <ContactMessageEmail key="contact" {...ContactMessageEmail.PreviewProps} />],
    ["confirm-registration", <ConfirmRegistrationEmail key="registration" {...ConfirmRegistrationEmail.PreviewProps} />],
    ["already-registered", <AlreadyRegisteredEmail key="already" {...AlreadyRegisteredEmail.PreviewProps} />],
    ["confirm-email", <ConfirmEmailEmail key="confirm" {...ConfirmEmailEmail.PreviewProps} />],
    ["invitation", <InvitationEmail key="invitation" {...InvitationEmail.PreviewProps} />],
    ["case-reply", <CaseReplyEmail key="case-reply" {...CaseReplyEmail.PreviewProps} />],
    ["case-status-changed", <CaseStatusChangedEmail key="case-status" {...CaseStatusChangedEmail.PreviewProps} />],
    ["case-customer-reply", <CaseCustomerReplyEmail key="case-customer-reply" {...CaseCustomerReplyEmail.PreviewProps} />],
    ["contact-reply", <ContactReplyEmail key="contact-reply" {...ContactReplyEmail.PreviewProps} />],
    ["security-alert", <SecurityAlertEmail key="security-alert" {...SecurityAlertEmail.PreviewProps} />],
    ["confirm-new-email", <ConfirmNewEmailEmail key="confirm-new-email" {...ConfirmNewEmailEmail.PreviewProps} />],
    ["email-in-use", <EmailInUseEmail key="email-in-use" {...EmailInUseEmail.PreviewProps} />],
    ["sign-in-code", <SignInCodeEmail key="sign-in-code" {...SignInCodeEmail.PreviewProps} />],
    ["two-step-changed", <TwoStepChangedEmail key="two-step-changed" {...TwoStepChangedEmail.PreviewProps} />],
    ["case-new-for-staff", <CaseNewForStaffEmail key="case-new-for-staff" {...CaseNewForStaffEmail.PreviewProps} />],
    ["case-assigned", <CaseAssignedEmail key="case-assigned" {...CaseAssignedEmail.PreviewProps} />],
  ],
  // The same templates with the Spanish previews npm run email shows (emails/es/).
  es: [
    ["reset-password", <SpanishReset key="reset" {...SpanishReset.PreviewProps} />],
    ["password-changed", <SpanishChanged key="changed" {...SpanishChanged.PreviewProps} />],
    ["case-created", <SpanishCase key="case" {...SpanishCase.PreviewProps} />],
    ["contact-message", <SpanishContact key="contact" {...SpanishContact.PreviewProps} />],
    ["confirm-registration", <SpanishConfirmRegistration key="registration" {...SpanishConfirmRegistration.PreviewProps} />],
    ["already-registered", <SpanishAlreadyRegistered key="already" {...SpanishAlreadyRegistered.PreviewProps} />],
    ["confirm-email", <SpanishConfirmEmail key="confirm" {...SpanishConfirmEmail.PreviewProps} />],
    ["invitation", <SpanishInvitation key="invitation" {...SpanishInvitation.PreviewProps} />],
    ["case-reply", <SpanishCaseReply key="case-reply" {...SpanishCaseReply.PreviewProps} />],
    ["case-status-changed", <SpanishCaseStatus key="case-status" {...SpanishCaseStatus.PreviewProps} />],
    ["case-customer-reply", <SpanishCaseCustomerReply key="case-customer-reply" {...SpanishCaseCustomerReply.PreviewProps} />],
    ["contact-reply", <SpanishContactReply key="contact-reply" {...SpanishContactReply.PreviewProps} />],
    ["security-alert", <SpanishSecurityAlert key="security-alert" {...SpanishSecurityAlert.PreviewProps} />],
    ["confirm-new-email", <SpanishConfirmNewEmail key="confirm-new-email" {...SpanishConfirmNewEmail.PreviewProps} />],
    ["email-in-use", <SpanishEmailInUse key="email-in-use" {...SpanishEmailInUse.PreviewProps} />],
    ["sign-in-code", <SpanishSignInCode key="sign-in-code" {...SpanishSignInCode.PreviewProps} />],
    ["two-step-changed", <SpanishTwoStepChanged key="two-step-changed" {...SpanishTwoStepChanged.PreviewProps} />],
    ["case-new-for-staff", <SpanishCaseNewForStaff key="case-new-for-staff" {...SpanishCaseNewForStaff.PreviewProps} />],
    ["case-assigned", <SpanishCaseAssigned key="case-assigned" {...SpanishCaseAssigned.PreviewProps} />],
  ],
} satisfies Record<string, Array<[string, ReactElement]>>;

describe.each(["en", "es"] as const)("email templates in %s", (locale) => {
  it.each(previews[locale])("%s renders the checked-in HTML and text", async (_name, element) => {
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
    const text = await render(<ResetPasswordEmail {...ResetPasswordEmail.PreviewProps} t={previewText("es")} />, { plainText: true });
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
      const text = await render(<CaseStatusChangedEmail {...CaseStatusChangedEmail.PreviewProps} status={status} t={previewText(locale)} />, { plainText: true });
      expect(text).not.toMatch(/updated|actualizado|what changed|qué ha cambiado/);
    }
  });
});

describe("security alerts (issue 16)", () => {
  const kinds: SecurityAlertKind[] = ["newBrowser", "externalConnected", "externalDisconnected", "locked", "blocked", "emailChangeRequested", "emailChanged", "emailChangedNew", "emailChangeCancelled"];

  it.each(kinds)("%s says what happened, when, from where, and what to do, in both languages (S41)", async (kind) => {
    for (const locale of ["en", "es"] as const) {
      const props = { ...SecurityAlertEmail.PreviewProps, kind, provider: "Contoso staff", minutes: 5, t: previewText(locale) };
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
      <PasswordChangedEmail key="changed" {...PasswordChangedEmail.PreviewProps} branding={withoutPhone} t={previewText(locale)} />,
      <SecurityAlertEmail key="alert" {...SecurityAlertEmail.PreviewProps} branding={withoutPhone} t={previewText(locale)} />,
      <SignInCodeEmail key="code" {...SignInCodeEmail.PreviewProps} branding={withoutPhone} t={previewText(locale)} />,
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
