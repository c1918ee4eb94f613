import ResetPasswordEmail from "@/emails/reset-password";
import { reloadConfig } from "@/lib/config";
import { portalNameIn } from "@/lib/i18n/portal-name";
import { renderEmail } from "@/lib/mail/render";

/**
 * Issue 30: the portal's name is translated — in the header, the page titles and the mails'
 * subjects and bodies — unless the operator chose one with PORTAL_NAME, which is a brand.
 */
describe("the portal's name", () => {
  const before = process.env.PORTAL_NAME;
  afterEach(() => {
    if (before === undefined) delete process.env.PORTAL_NAME;
    else process.env.PORTAL_NAME = before;
    reloadConfig();
  });

  const resetMail = (locale: string) => renderEmail("reset-password", ResetPasswordEmail, { username: "jsmith", resetUrl: "https://portal.example.com/reset-password/x", expiresInMinutes: 60 }, locale);

  it("is the catalog's own in each language when PORTAL_NAME is not set", async () => {
    delete process.env.PORTAL_NAME;
    reloadConfig();
    expect(portalNameIn("en")).toBe("Customer Portal");
    expect(portalNameIn("es")).toBe("Portal de clientes");
    const spanish = await resetMail("es");
    expect(spanish.subject).toBe("Restablezca su contraseña del Portal de clientes");
    expect(spanish.text).not.toContain("Customer Portal");
    expect((await resetMail("en")).subject).toBe("Reset your Customer Portal password");
  });

  it("is PORTAL_NAME in every language when the operator set it", async () => {
    process.env.PORTAL_NAME = "MyAlliant";
    reloadConfig();
    expect(portalNameIn("en")).toBe("MyAlliant");
    expect(portalNameIn("es")).toBe("MyAlliant");
    expect((await resetMail("es")).subject).toContain("MyAlliant");
  });
});
