import { messagesFor } from "@/lib/i18n/locales";
import { withBrowser } from "./support/browser";
import { signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 25: each route sends the browser only the messages its client components use
 * (lib/i18n/client-namespaces.ts; tests/unit/client-messages.test.ts checks the lists against the
 * code). Here every route with a client form is rendered by the production build and hydrated in
 * Chromium, in English and in Spanish: a message left out would show as its key, and the words the
 * browser's translator makes from the compiled messages (lib/i18n/client-translations.tsx) must be
 * the ones next-intl makes on the server, or hydration fails.
 */
const customer = { username: "catalog", email: "catalog@example.test", name: "Cata Logue", password: "mensajes farol huerto lantern" };
const signedOutRoutes = ["/signin", "/forgot-password", "/reset-password", "/register", "/register/invitation", "/contact"];
const signedInRoutes = ["/account", "/account/email", "/account/two-step/authenticator", "/account/two-step/email", "/account/two-step/recovery-codes", "/support/cases/new", "/support/cases"];
// The catalog's namespaces: a fallback such as "signIn.username" on the page is a missing message.
const MESSAGE_KEY = /\b(?:fields|errorPage|signIn|forgotPassword|resetPassword|account|contact|cases|registration|twoStep)\.[a-z][A-Za-z]+\b/;

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

describe("the messages each route sends to the browser (issue 25)", () => {
  // One browser walk per language and side, so that each stays well inside the test's time on a busy machine.
  it.each([
    ["en", "signed out"],
    ["en", "signed in"],
    ["es", "signed out"],
    ["es", "signed in"],
  ])("renders and hydrates every route with a client form without a missing message, in %s, %s", async (locale, side) => {
    const problems: string[] = [];
    await withBrowser({ locale: locale === "es" ? "es-ES" : "en-US" }, async (page) => {
      page.on("console", (message) => {
        if (message.type() === "error" && /MISSING_MESSAGE|hydrat/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
      const visit = async (route: string) => {
        const response = await page.goto(`${portal.baseUrl}${route}`, { waitUntil: "networkidle" });
        expect({ route, status: response?.status() }).toEqual({ route, status: 200 });
        expect({ route, html: await page.locator("html").getAttribute("lang") }).toEqual({ route, html: locale });
        const text = await page.locator("main").innerText();
        expect({ route, key: MESSAGE_KEY.exec(text)?.[0] ?? null }).toEqual({ route, key: null });
      };
      if (side === "signed out") {
        for (const route of signedOutRoutes) await visit(route);
        return;
      }
      await page.goto(`${portal.baseUrl}/signin`);
      await signIn(page, customer.username, customer.password, { locale });
      await page.getByRole("heading", { name: words(locale)("home.welcome", { name: customer.name }) }).waitFor();
      for (const route of signedInRoutes) await visit(route);
    });
    expect(problems).toEqual([]);
    expect(portal.log()).not.toMatch(/MISSING_MESSAGE/);
  });

  it("sends a page only its own forms' messages: the Knowledge Base carries none of Sign in's, Sign in none of Register's", async () => {
    const en = words("en");
    const knowledgeBase = await (await fetch(`${portal.baseUrl}/knowledge-base`)).text();
    const signInPage = await (await fetch(`${portal.baseUrl}/signin`)).text();
    // Hints are only ever shown by the client forms, so they travel only in the flight data.
    expect(knowledgeBase).not.toContain(JSON.stringify(en("signIn.usernameHint")).slice(1, -1));
    expect(signInPage).toContain(JSON.stringify(en("signIn.usernameHint")).slice(1, -1));
    expect(signInPage).not.toContain(JSON.stringify(en("registration.usernameHint")).slice(1, -1));
  });
});

describe("the browser's own wording of messages with values (issue 25)", () => {
  let open: Portal;
  // Open registration with a terms address puts the rich "I accept the <link>terms…</link>" message on /register.
  beforeAll(async () => {
    open = await startPortal([], { REGISTRATION: "open", TERMS_URL: "https://example.test/terms" });
  });
  afterAll(async () => {
    await open?.stop();
  });

  it.each(["en", "es"])("words messages with values in the browser as the server does, in %s: the live character count, and the terms link", async (locale) => {
    const t = words(locale);
    const problems: string[] = [];
    await withBrowser({ locale: locale === "es" ? "es-ES" : "en-US" }, async (page) => {
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(`${open.baseUrl}/register`, { waitUntil: "networkidle" });
      const password = page.getByLabel(t("registration.password"), { exact: true });
      const count = page.locator(`#${await password.getAttribute("id")}-count`);
      await count.waitFor();
      // "0 of at least 15 characters": the minimum is the larger number.
      const minimum = Math.max(...((await count.innerText()).match(/\d+/g) ?? []).map(Number));
      // Typed after hydration: only the browser's translator makes these words.
      await password.pressSequentially("abcde");
      await page.getByText(t("fields.characterCount", { length: 5, minimum }), { exact: true }).waitFor();
      const terms = (messagesFor(locale).registration as Record<string, string>).terms;
      const link = page.locator('label[for="terms"] a');
      expect({ text: await link.innerText(), href: await link.getAttribute("href") }).toEqual({ text: /<link>(.*?)<\/link>/.exec(terms)![1], href: "https://example.test/terms" });
      expect(await page.locator('label[for="terms"]').innerText()).toBe(terms.replace(/<\/?link>/g, ""));
    });
    expect(problems).toEqual([]);
  });
});
