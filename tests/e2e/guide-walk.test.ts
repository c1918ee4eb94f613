import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, resetLinkFor, signIn } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * The customer guide (portal-password-reset-guide.txt), step by step, in Chromium against the
 * production build — once with JavaScript and once without.
 */
const customer = { username: "jsmith", email: "john.smith@example.test", name: "John Smith", password: "old lantern orchard ridge" };
const newPassword = "new harbour meadow lantern";

let portal: Portal;
const scriptsEnabled = new WeakMap<object, boolean>();
beforeAll(async () => {
  portal = await startPortal([
    customer,
    { ...customer, username: "nojs", email: "nojs@example.test", name: "No Script" },
  ]);
});
afterAll(async () => {
  await portal?.stop();
});

async function expectNoViolations(page: Page, where: string) {
  // Note: axe-core's checks run on timers inside the page, which a page without JavaScript never
  // fires; the walk without JavaScript serves the same HTML, which the walk with it has checked.
  if (!scriptsEnabled.get(page.context())) return;
  const violations = await axeViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

describe.each([
  { javaScript: true, account: customer },
  { javaScript: false, account: { ...customer, username: "nojs", email: "nojs@example.test", name: "No Script" } },
])("the guide with JavaScript $javaScript", ({ javaScript, account }) => {
  it("walks from Sign in to a reset password and back in, signing out sessions from before the reset", async () => {
    await withBrowser({ javaScriptEnabled: javaScript }, (other) => withBrowser({ javaScriptEnabled: javaScript }, async (page, browser) => {
      scriptsEnabled.set(browser, javaScript);
      // A session from before the reset, in a second browser.
      await other.goto(`${portal.baseUrl}/signin`);
      await signIn(other, account.username, account.password);
      await other.getByRole("heading", { name: `Welcome, ${account.name}` }).waitFor();

      // Step 1: open the portal, press "Sign in" at the top right.
      await page.goto(portal.baseUrl);
      await expectNoViolations(page, "main page");
      await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await expectNoViolations(page, "sign-in page");

      // A wrong password first: the error is announced and the username kept.
      await signIn(page, account.username, "not my password at all");
      await page.getByRole("alert").filter({ hasText: "Invalid username or password." }).waitFor();
      expect(await page.getByLabel("Username").inputValue()).toBe(account.username);
      expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
      await expectNoViolations(page, "sign-in page, wrong password");

      // Step 2: "Forgot your password?", the email, "Send".
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByRole("heading", { name: "Forgot your password?" }).waitFor();
      await expectNoViolations(page, "forgot-password page");
      const mailsBefore = portal.receiver.messages.length;
      await page.getByLabel("Email").fill(account.email);
      await page.getByRole("button", { name: "Send" }).click();

      // Step 3.
      await page.getByText("Please check your email to reset your password.").waitFor();
      await expectNoViolations(page, "check-your-email page");

      // Step 4: the mail arrives at the SMTP receiver; take its link.
      const link = await resetLinkFor(portal.receiver, account.email, mailsBefore);
      expect(new URL(link).origin).toBe(portal.baseUrl);

      // Step 5: open it (the token leaves the address bar, S13), enter the new password twice, "Reset".
      const opened = await page.goto(link);
      expect(page.url()).toBe(`${portal.baseUrl}/reset-password`);
      const tokenResponse = await opened!.request().redirectedFrom()!.response();
      expect(tokenResponse!.headers()["referrer-policy"]).toBe("no-referrer");
      expect(tokenResponse!.headers()["cache-control"]).toContain("no-store");
      expect(opened!.headers()["referrer-policy"]).toBe("same-origin");
      expect(opened!.headers()["cache-control"]).toContain("no-store");
      await page.getByRole("heading", { name: "Reset password" }).waitFor();
      await expectNoViolations(page, "reset page");

      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Confirm new password").fill("something else entirely");
      await page.getByRole("button", { name: "Reset" }).click();
      await page.getByText("The two passwords do not match.", { exact: false }).first().waitFor();
      await expectNoViolations(page, "reset page, mismatched passwords");

      await page.getByLabel("New password", { exact: true }).fill("passwordpassword");
      await page.getByLabel("Confirm new password").fill("passwordpassword");
      await page.getByRole("button", { name: "Reset" }).click();
      await page.getByRole("alert").filter({ hasText: /guess|common|Repeated/i }).waitFor();
      await expectNoViolations(page, "reset page, policy failure");

      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Confirm new password").fill(newPassword);
      await page.getByRole("button", { name: "Reset" }).click();

      // Step 6: "Your password has been reset.", then "Sign in".
      await page.getByText("Your password has been reset.").waitFor();
      await expectNoViolations(page, "password-reset page");
      await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();

      // The old password no longer signs in.
      await signIn(page, account.username, account.password);
      await page.getByRole("alert").filter({ hasText: "Invalid username or password." }).waitFor();

      // Step 7: the username and the new password land on the main page, signed in.
      await signIn(page, account.username, newPassword);
      await page.getByRole("heading", { name: `Welcome, ${account.name}` }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      await expectNoViolations(page, "main page, signed in");

      // The browser that was signed in before the reset is signed out on its next page load.
      await other.reload();
      await other.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
      expect(await other.getByRole("heading", { name: /Welcome/ }).count()).toBe(0);

      // The used link explains itself.
      await page.goto(link);
      await page.getByText("This reset link is invalid or has expired.").waitFor();
      await expectNoViolations(page, "expired link page");
    }));
  });
});
