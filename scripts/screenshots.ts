/**
 * npm run screenshots — a PNG of each step of the guide at desktop and phone widths, taken from the
 * production build (run `npm run build` first) into screenshots/ (git-ignored). Copy the ones the
 * README shows into docs/screenshots/ when the UI changes.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { openBrowser } from "../tests/e2e/support/browser";
import { resetLinkFor, signIn } from "../tests/e2e/support/guide";
import { startPortal } from "../tests/e2e/support/portal-server";

const customer = { username: "jsmith", email: "john.smith@example.com", name: "John Smith", password: "old lantern orchard ridge" };
const outputDir = path.join(process.cwd(), "screenshots");
const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } };

async function main() {
  mkdirSync(outputDir, { recursive: true });
  const portal = await startPortal([customer, { ...customer, username: "jsmith2", email: "phone@example.com" }]);
  try {
    for (const [device, size] of Object.entries(widths)) {
      const email = device === "desktop" ? customer.email : "phone@example.com";
      const username = device === "desktop" ? customer.username : "jsmith2";
      const newPassword = `new harbour meadow ${device}`;
      const browser = await openBrowser(size);
      const page = browser.pages()[0];
      const shot = async (name: string) => {
        const file = path.join(outputDir, `${name}-${device}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      };
      try {
        await page.goto(`${portal.baseUrl}/signin`);
        await shot("1-sign-in");
        await page.getByRole("link", { name: "Forgot your password?" }).click();
        await page.getByLabel("Email").fill(email);
        await shot("2-forgot-password");
        const before = portal.receiver.messages.length;
        await page.getByRole("button", { name: "Send" }).click();
        await page.getByText("Please check your email to reset your password.").waitFor();
        await shot("3-check-your-email");
        const link = await resetLinkFor(portal.receiver, email, before);
        const mail = portal.receiver.messages.slice(before).find((m) => m.envelopeTo.includes(email))!;
        await page.setContent(typeof mail.html === "string" ? mail.html : "");
        await shot("4-email");
        await page.goto(link);
        await page.getByLabel("New password", { exact: true }).fill(newPassword);
        await page.getByLabel("Confirm new password").fill(newPassword);
        await shot("5-reset-password");
        await page.getByRole("button", { name: "Reset" }).click();
        await page.getByText("Your password has been reset.").waitFor();
        await shot("6-password-reset");
        await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
        await signIn(page, username, newPassword);
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
        await shot("7-main-page");
      } finally {
        await browser.dispose();
      }
    }
  } finally {
    await portal.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
