import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";
import { withBrowser } from "./support/browser";
import { axeViolations, axeViolationsWithoutJavaScript, resetMailFor, signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * The customer guide (portal-password-reset-guide.txt), step by step, in Chromium against the
 * production build — in English and in Spanish (a browser whose language is Spanish, issue 18),
 * each with JavaScript and without. The words on the page and in the mail come from the catalogs.
 */
const walks = [
  { locale: "en", browserLocale: "en-US", javaScript: true },
  { locale: "en", browserLocale: "en-US", javaScript: false },
  { locale: "es", browserLocale: "es-ES", javaScript: true },
  { locale: "es", browserLocale: "es-ES", javaScript: false },
].map((walk, i) => ({
  ...walk,
  account: { username: `walker${i}`, email: `walker${i}@example.test`, name: `Walker ${i}`, password: `old lantern orchard ridge ${i}` },
}));
const newPassword = "new harbour meadow lantern";
// Issue 17: a customer with two-step verification on (codes by email) walks the guide too.
const twoStepWalker = { username: "walker2fa", email: "walker2fa@example.test", name: "Walker Twostep", password: "old lantern orchard ridge 2fa" };

let portal: Portal;
const scriptsEnabled = new WeakMap<object, boolean>();
beforeAll(async () => {
  portal = await startPortal([...walks.map((walk) => walk.account), twoStepWalker], {}, {
    seed: async () => (await db()).update(customers).set({ mfaEmailCodeRequired: true }).where(eq(customers.username, twoStepWalker.username)),
  });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectNoViolations(page: Page, where: string) {
  const violations = scriptsEnabled.get(page.context()) === false ? await axeViolationsWithoutJavaScript(page) : await axeViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

describe.each(walks)("the guide in $locale with JavaScript $javaScript", ({ locale, browserLocale, javaScript, account }) => {
  const t = words(locale);
  const options = { javaScriptEnabled: javaScript, locale: browserLocale };

  it("walks from Sign in to a reset password and back in, signing out sessions from before the reset", async () => {
    await withBrowser(options, (other) => withBrowser(options, async (page, browser) => {
      scriptsEnabled.set(browser, javaScript);
      // A session from before the reset, in a second browser.
      await other.goto(`${portal.baseUrl}/signin`);
      await signIn(other, account.username, account.password, { locale });
      await other.getByRole("heading", { name: t("home.welcome", { name: account.name }) }).waitFor();

      // Step 1: open the portal, press "Sign in" at the top right. The page speaks the browser's language.
      await page.goto(portal.baseUrl);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      await expectNoViolations(page, "main page");
      await page.getByRole("banner").getByRole("link", { name: t("shell.signIn") }).click();
      await page.getByRole("heading", { name: t("signIn.localHeading") }).waitFor();
      await expectNoViolations(page, "sign-in page");

      // A wrong password first: the error is announced and the username kept.
      await signIn(page, account.username, "not my password at all", { locale });
      await page.getByRole("alert").filter({ hasText: t("signIn.invalid") }).waitFor();
      expect(await page.getByLabel(t("signIn.username"), { exact: true }).inputValue()).toBe(account.username);
      expect(await page.getByLabel(t("signIn.password"), { exact: true }).inputValue()).toBe("");
      await expectNoViolations(page, "sign-in page, wrong password");

      // Step 2: "Forgot your password?", the email, "Send".
      await page.getByRole("link", { name: t("signIn.forgotPassword") }).click();
      await page.getByRole("heading", { name: t("forgotPassword.title") }).waitFor();
      await expectNoViolations(page, "forgot-password page");
      const mailsBefore = portal.receiver.messages.length;
      await page.getByLabel(t("forgotPassword.email")).fill(account.email);
      await page.getByRole("button", { name: t("forgotPassword.send") }).click();

      // Step 3.
      await page.getByText(t("forgotPassword.checkEmail")).waitFor();
      await expectNoViolations(page, "check-your-email page");

      // Step 4: the mail arrives at the SMTP receiver, in the language of the request; take its link.
      const { mail, link } = await resetMailFor(portal.receiver, account.email, mailsBefore);
      expect(mail.subject).toBe(words(locale)("emails.resetPassword.subject", { portalName: words(locale)("meta.portalName") }));
      expect(mail.text).toContain(words(locale)("emails.resetPassword.expiry", { minutes: 60 }));
      expect(new URL(link).origin).toBe(portal.baseUrl);

      // Step 5: open it (the token leaves the address bar, S13), enter the new password twice, "Reset".
      const opened = await page.goto(link);
      expect(page.url()).toBe(`${portal.baseUrl}/reset-password`);
      const tokenResponse = await opened!.request().redirectedFrom()!.response();
      expect(tokenResponse!.headers()["referrer-policy"]).toBe("no-referrer");
      expect(tokenResponse!.headers()["cache-control"]).toContain("no-store");
      expect(opened!.headers()["referrer-policy"]).toBe("same-origin");
      expect(opened!.headers()["cache-control"]).toContain("no-store");
      await page.getByRole("heading", { name: t("resetPassword.title") }).waitFor();
      await expectNoViolations(page, "reset page");

      await page.getByLabel(t("resetPassword.newPassword"), { exact: true }).fill(newPassword);
      await page.getByLabel(t("resetPassword.confirmPassword")).fill("something else entirely");
      await page.getByRole("button", { name: t("resetPassword.submit") }).click();
      await page.getByText(t("resetPassword.mismatch"), { exact: false }).first().waitFor();
      await expectNoViolations(page, "reset page, mismatched passwords");

      await page.getByLabel(t("resetPassword.newPassword"), { exact: true }).fill("passwordpassword");
      await page.getByLabel(t("resetPassword.confirmPassword")).fill("passwordpassword");
      await page.getByRole("button", { name: t("resetPassword.submit") }).click();
      // S4: the reason, in the page's language (zxcvbn's warning and the portal's advice).
      await page.getByText(t("validation.password.tooEasy", { warning: "" }).trim(), { exact: false }).first().waitFor();
      await expectNoViolations(page, "reset page, policy failure");

      await page.getByLabel(t("resetPassword.newPassword"), { exact: true }).fill(newPassword);
      await page.getByLabel(t("resetPassword.confirmPassword")).fill(newPassword);
      await page.getByRole("button", { name: t("resetPassword.submit") }).click();

      // Step 6: "Your password has been reset.", then "Sign in".
      await page.getByText(t("resetPassword.done")).waitFor();
      await expectNoViolations(page, "password-reset page");
      await page.getByRole("main").getByRole("link", { name: t("resetPassword.signIn") }).click();

      // The old password no longer signs in.
      await signIn(page, account.username, account.password, { locale });
      await page.getByRole("alert").filter({ hasText: t("signIn.invalid") }).waitFor();

      // Step 7: the username and the new password land on the main page, signed in.
      await signIn(page, account.username, newPassword, { locale });
      await page.getByRole("heading", { name: t("home.welcome", { name: account.name }) }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      await expectNoViolations(page, "main page, signed in");

      // The browser that was signed in before the reset is signed out on its next page load.
      await other.reload();
      await other.getByRole("banner").getByRole("link", { name: t("shell.signIn") }).waitFor();

      // The used link explains itself.
      await page.goto(link);
      await page.getByText(t("resetPassword.invalidLink")).waitFor();
      await expectNoViolations(page, "expired link page");
    }));
  });
});

describe("the guide for a customer with two-step verification on (issue 17)", () => {
  const t = words("en");

  it("resets the password and signs in with the new one and the mailed code: a reset keeps two-step verification", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("link", { name: t("signIn.forgotPassword") }).click();
      const mailsBefore = portal.receiver.messages.length;
      await page.getByLabel(t("forgotPassword.email")).fill(twoStepWalker.email);
      await page.getByRole("button", { name: t("forgotPassword.send") }).click();
      await page.getByText(t("forgotPassword.checkEmail")).waitFor();
      const { link } = await resetMailFor(portal.receiver, twoStepWalker.email, mailsBefore);
      await page.goto(link);
      await page.getByLabel(t("resetPassword.newPassword"), { exact: true }).fill(newPassword);
      await page.getByLabel(t("resetPassword.confirmPassword")).fill(newPassword);
      await page.getByRole("button", { name: t("resetPassword.submit") }).click();
      await page.getByText(t("resetPassword.done")).waitFor();
      await page.getByRole("main").getByRole("link", { name: t("resetPassword.signIn") }).click();

      const codesBefore = portal.receiver.messages.length;
      await signIn(page, twoStepWalker.username, newPassword);
      await page.getByRole("heading", { name: t("twoStep.title"), level: 1 }).waitFor();
      const mail = await portal.receiver.waitFor((m) => m.envelopeTo.includes(twoStepWalker.email) && portal.receiver.messages.indexOf(m) >= codesBefore && /code$/.test(m.subject ?? ""));
      await page.getByLabel(t("twoStep.codeLabel"), { exact: true }).fill(mail.text!.match(/\b(\d{6})\b/)![1]);
      await page.getByRole("button", { name: t("twoStep.verify") }).click();
      await page.getByRole("heading", { name: t("home.welcome", { name: twoStepWalker.name }) }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
    });
  });
});
