import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { resetLinkIn } from "../../support/mail";
import type { SmtpReceiver } from "../../support/smtp-receiver";

/** WCAG 2.2 A and AA, as axe-core tags them. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function axeViolations(page: Page) {
  // After a client-side navigation Next.js streams the new <title> in; check the settled page.
  await page.waitForFunction(() => document.title.trim().length > 0);
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(" ")),
  }));
}

export async function signIn(page: Page, username: string, password: string, options: { remember?: boolean } = {}) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  if (options.remember) await page.getByLabel("Remember me?").check();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Step 4: the link from the newest reset mail to this address. */
export async function resetLinkFor(receiver: SmtpReceiver, email: string, after: number): Promise<string> {
  const mail = await receiver.waitFor((m) => m.envelopeTo.includes(email) && receiver.messages.indexOf(m) >= after && /^Reset/.test(m.subject ?? ""));
  return resetLinkIn(mail).link;
}
