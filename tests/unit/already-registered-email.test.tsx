import { render } from "@react-email/render";
import { mailText } from "@/lib/mail/render";
import AlreadyRegisteredEmail from "@/emails/already-registered";

/** Issue 30: the "already registered" mail has buttons, as every mail does, not bare addresses. */
describe("the already-registered mail", () => {
  it.each(["en", "es"] as const)("in %s, has a Sign in and a new-password button, each with its address beside it", async (locale) => {
    const props = { ...AlreadyRegisteredEmail.PreviewProps, t: mailText(locale) };
    const html = await render(<AlreadyRegisteredEmail {...props} />);
    const buttons = [...html.matchAll(/<a href="([^"]+)"[^>]*>[\s\S]*?<\/a>/g)].map((match) => match[1]);
    expect(buttons).toEqual([props.signInUrl, props.resetUrl]);
    const text = await render(<AlreadyRegisteredEmail {...props} />, { plainText: true });
    expect(text).toContain(props.t("alreadyRegistered.signInButton"));
    expect(text).toContain(props.t("alreadyRegistered.forgotButton"));
    expect(text.split(props.signInUrl).length - 1).toBeGreaterThanOrEqual(1);
  });
});
