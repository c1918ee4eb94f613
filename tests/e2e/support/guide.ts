import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { translatorFor } from "@/lib/i18n/locales";
import { resetLinkIn } from "../../support/mail";
import { openBrowser } from "./browser";
import type { Portal } from "./portal-server";
import type { ReceivedMail, SmtpReceiver } from "../../support/smtp-receiver";

/** WCAG 2.2 A and AA, as axe-core tags them. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function axeViolations(page: Page) {
  // After a client-side navigation Next.js streams the new <title> in; check the settled page.
  await page.waitForFunction(() => document.title.trim().length > 0);
  let results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // The sign-in page's passkey autofill calls a server action that sets a cookie, and Next.js then
  // renders the page again, streaming the <title> anew: a missing title is checked once more after it.
  if (results.violations.some((violation) => violation.id === "document-title")) {
    await page.waitForFunction(() => document.title.trim().length > 0);
    results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  }
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(" ")),
  }));
}

let checker: Awaited<ReturnType<typeof openBrowser>> | undefined;
// The browser that checks pages received without JavaScript lives for the test file. (Outside Jest —
// npm run screenshots uses these helpers — there is no afterAll, and no checker is opened.)
if (typeof afterAll === "function") {
  afterAll(async () => {
    await checker?.dispose();
    checker = undefined;
  });
}

/**
 * axe on a page a browser without JavaScript received. axe-core runs on timers that such a page never
 * fires, so the same HTML is loaded at the same address in a browser with JavaScript, with the page's
 * own scripts refused: what is checked is what the visitor without JavaScript got, styles included.
 */
export async function axeViolationsWithoutJavaScript(page: Page) {
  const url = page.url();
  const html = await page.content();
  checker ??= await openBrowser();
  const copy = await checker.newPage();
  try {
    await copy.route("**/*", (route) => {
      const request = route.request();
      if (request.url() === url && request.resourceType() === "document") return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
      if (request.resourceType() === "script") return route.abort();
      return route.continue();
    });
    await copy.goto(url);
    return await axeViolations(copy);
  } finally {
    await copy.close();
  }
}

/** The portal's words in a language, from its catalog, for finding things on the page as a reader would. */
export function words(locale = "en") {
  return translatorFor(locale);
}

export async function signIn(page: Page, username: string, password: string, options: { remember?: boolean; locale?: string } = {}) {
  const t = words(options.locale);
  await page.getByLabel(t("signIn.username"), { exact: true }).fill(username);
  await page.getByLabel(t("signIn.password"), { exact: true }).fill(password);
  if (options.remember) await page.getByLabel(t("signIn.remember")).check();
  await page.getByRole("button", { name: t("signIn.submit"), exact: true }).click();
}

/**
 * Opens `path` on the portal, signs in there with username and password, and takes two-step
 * verification when the portal asks for it: staff must use it (issue 17) and get "the code we sent"
 * by mail; a customer without it goes straight on. Returns once the page is no longer a sign-in page.
 */
export async function signInAt(page: Page, portal: Pick<Portal, "baseUrl" | "receiver">, path: string, person: { username: string; email: string; password: string }) {
  const t = words();
  await page.goto(`${portal.baseUrl}${path}`);
  const before = portal.receiver.messages.length;
  await signIn(page, person.username, person.password);
  await page.waitForURL((url) => url.pathname !== "/signin");
  if (new URL(page.url()).pathname.startsWith("/signin/two-step")) {
    const isCode = (mail: ReceivedMail) => mail.envelopeTo.includes(person.email) && /code$/.test(mail.subject ?? "");
    await portal.receiver.waitFor((mail) => isCode(mail) && portal.receiver.messages.indexOf(mail) >= before);
    // After "Send a new code" an earlier code "can no longer be used": the newest one is the one that works.
    const mail = portal.receiver.messages.slice(before).filter(isCode).at(-1)!;
    await page.getByLabel(t("twoStep.codeLabel"), { exact: true }).fill(mail.text!.match(/\b(\d{6})\b/)![1]);
    await page.getByRole("button", { name: t("twoStep.verify") }).click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** Step 4: the newest mail with a reset link to this address, and the link. */
export async function resetMailFor(receiver: SmtpReceiver, email: string, after: number) {
  const mail = await receiver.waitFor((m) => m.envelopeTo.includes(email) && receiver.messages.indexOf(m) >= after && /\/reset-password\//.test(m.text ?? ""));
  return { mail, link: resetLinkIn(mail).link };
}

export async function resetLinkFor(receiver: SmtpReceiver, email: string, after: number): Promise<string> {
  return (await resetMailFor(receiver, email, after)).link;
}
