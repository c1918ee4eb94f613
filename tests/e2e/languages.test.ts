import { words } from "./support/guide";
import { withBrowser } from "./support/browser";
import { axeViolations, signIn } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 18: the language follows the browser on the first visit, the switcher changes it (with or
 * without JavaScript) and is remembered, a signed-in customer's choice is kept on their record
 * (so their mail speaks it on any device), and the Spanish pages pass axe as the English ones do.
 */
const customer = { username: "bilingual", email: "bilingual@example.test", name: "Ana Bilingüe", password: "dos idiomas farol huerto" };
const en = words("en");
const es = words("es");

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

describe("the portal's language", () => {
  it.each([true, false])("switches from English to Español with the header's switcher, JavaScript %s, and remembers it", async (javaScript) => {
    await withBrowser({ javaScriptEnabled: javaScript, locale: "en-US" }, async (page, browser) => {
      await page.goto(`${portal.baseUrl}/forgot-password`);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await page.getByRole("banner").getByRole("button", { name: "Español" }).click();
      // Back on the same page, now in Spanish.
      await page.getByRole("heading", { name: es("forgotPassword.title") }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/forgot-password");
      expect(await page.locator("html").getAttribute("lang")).toBe("es");
      const cookie = (await browser.cookies()).find((entry) => entry.name === "portal.locale");
      expect(cookie?.value).toBe("es");
      // Remembered on the next page, although the browser still asks for English.
      await page.goto(`${portal.baseUrl}/contact`);
      await page.getByRole("heading", { name: es("contact.title") }).waitFor();
      // And back.
      await page.getByRole("banner").getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: en("contact.title") }).waitFor();
    });
  });

  it("keeps a signed-in customer's choice on their record: another browser, and their mail, speak it", async () => {
    await withBrowser({ locale: "en-US" }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: en("home.welcome", { name: customer.name }) }).waitFor();
      await page.getByRole("banner").getByRole("button", { name: "Español" }).click();
      await page.getByRole("heading", { name: es("home.welcome", { name: customer.name }) }).waitFor();
    });
    await withBrowser({ locale: "en-US" }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await signIn(page, customer.username, customer.password);
      // A new browser that asks for English: the record's Spanish wins once signed in.
      await page.getByRole("heading", { name: es("home.welcome", { name: customer.name }) }).waitFor();
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await page.getByLabel(es("cases.subject")).fill("Una consulta sobre mi cuenta");
      await page.getByLabel(es("cases.category")).selectOption("question");
      await page.getByLabel(es("cases.description")).fill("Quisiera saber cómo cambiar el correo electrónico de mi cuenta.");
      const before = portal.receiver.messages.length;
      await page.getByRole("button", { name: es("cases.create") }).click();
      await page.getByText(es("cases.createdNotice")).waitFor();
      // Note: the case mail is picked by its subject — a notice of this sign-in (a new browser) goes out
      // through another mail lane and may arrive after `before` too.
      const mail = await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(customer.email) && /^Hemos recibido su caso/.test(m.subject ?? ""));
      expect(mail.subject).toMatch(/^Hemos recibido su caso \d+$/);
      expect(mail.text).toContain("Gracias por ponerse en contacto con nosotros.");
    });
  });

  it.each(["/", "/signin", "/forgot-password", "/forgot-password/sent", "/reset-password", "/knowledge-base", "/knowledge-base/how-do-i-reset-my-password", "/contact", "/search?q=contrase%C3%B1a"])(
    "serves %s in Spanish to a Spanish browser, at 320 px, with no axe violations",
    async (path) => {
      await withBrowser({ locale: "es-ES", width: 320, height: 640 }, async (page) => {
        await page.goto(`${portal.baseUrl}${path}`);
        expect(await page.locator("html").getAttribute("lang")).toBe("es");
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        expect(await axeViolations(page)).toEqual([]);
      });
    },
  );

  it("finds Spanish articles with Spanish stemming (contraseñas → contraseña)", async () => {
    await withBrowser({ locale: "es-ES" }, async (page) => {
      await page.goto(`${portal.baseUrl}/search?q=contrase%C3%B1as`);
      await page.getByRole("link", { name: /restablezco mi contraseña/i }).waitFor();
    });
  });
});
