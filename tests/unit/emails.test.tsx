import { render } from "@react-email/render";
import CaseCreatedEmail from "@/emails/case-created";
import ContactMessageEmail from "@/emails/contact-message";
import PasswordChangedEmail from "@/emails/password-changed";
import ResetPasswordEmail from "@/emails/reset-password";

/** S43: snapshots of what customers receive, HTML and text, from each template's preview props. */
describe("email templates", () => {
  it.each([
    ["reset-password", <ResetPasswordEmail key="reset" {...ResetPasswordEmail.PreviewProps} />],
    ["password-changed", <PasswordChangedEmail key="changed" {...PasswordChangedEmail.PreviewProps} />],
    ["case-created", <CaseCreatedEmail key="case" {...CaseCreatedEmail.PreviewProps} />],
    ["contact-message", <ContactMessageEmail key="contact" {...ContactMessageEmail.PreviewProps} />],
  ])("%s renders the checked-in HTML and text", async (_name, element) => {
    expect(await render(element)).toMatchSnapshot("html");
    expect(await render(element, { plainText: true })).toMatchSnapshot("text");
  });

  it("has exactly one link in the reset mail, and escapes what the customer controls", async () => {
    const props = { ...ResetPasswordEmail.PreviewProps, username: "<script>alert(1)</script>" };
    const html = await render(<ResetPasswordEmail {...props} />);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual([props.resetUrl]);
  });
});
