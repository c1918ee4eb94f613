import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { createCase } from "@/lib/support/cases";
import { withBrowser } from "./support/browser";
import { axeViolations, axeViolationsWithoutJavaScript, signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 26 in Chromium against the production build: a customer reads her case in her own time
 * zone — her browser's (with JavaScript), then the one she chooses on Account (without) — and the
 * agent reads it in his, with the customer's zone beside it.
 */
const customer = { username: "carla", email: "carla@example.test", name: "Carla Customer", password: "carla lantern orchard ridge" };
const agent = { username: "mads", email: "mads@example.test", name: "Mads Agent", password: "mads lantern orchard ridge" };
const t = words("en");
const subject = "The meter shows a time I do not recognise";
// The zones' short names in English; Chicago's and Madrid's change with daylight saving time.
const CHICAGO = /\b\d{1,2}:\d{2}\s[AP]M C[SD]T\b/;
const TOKYO = /\b\d{1,2}:\d{2}\s[AP]M GMT\+9\b/;
const MADRID = /\b\d{1,2}:\d{2}\s[AP]M GMT\+[12]\b/;
const UTC_LABEL = /\b\d{1,2}:\d{2}\s[AP]M UTC\b/;

let portal: Portal;
let caseId = 0;
beforeAll(async () => {
  portal = await startPortal([customer, agent], {}, {
    roles: { mads: "agent" },
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      caseId = (await createCase(owner, { subject, category: "not-working", description: "The clock on the meter looks wrong." }, "en")).id;
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectAxeClean(page: Page, where: string, javaScript = true) {
  const violations = javaScript ? await axeViolations(page) : await axeViolationsWithoutJavaScript(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

/** What the conversation shows, with any space (ICU's narrow one before AM/PM too) as a space. */
async function conversationText(page: Page) {
  return (await page.locator("main").innerText()).replace(/\s/g, " ");
}

/** Signing in with JavaScript: the form sends the browser's zone once its component has filled the field. */
async function signInWithZone(page: Page, person: { username: string; password: string }) {
  await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('input[name="timeZone"]')?.value ?? "") !== "");
  await signIn(page, person.username, person.password);
}

describe("times in the reader's zone (issue 26)", () => {
  it("a customer reads her case in her browser's zone with JavaScript, and in the zone she chooses on Account without it", async () => {
    await withBrowser({ timezoneId: "America/Chicago" }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=${encodeURIComponent(`/support/cases/${caseId}`)}`);
      await signInWithZone(page, customer);
      await page.waitForURL((url) => url.pathname === `/support/cases/${caseId}`);
      const text = await conversationText(page);
      expect(text).toMatch(CHICAGO);
      expect(text).not.toMatch(UTC_LABEL);
      const time = page.locator("main time").first();
      expect(await time.getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    await withBrowser({ javaScriptEnabled: false, timezoneId: "Europe/Madrid" }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=%2Faccount`);
      await signIn(page, customer.username, customer.password);
      await page.waitForURL((url) => url.pathname === "/account");
      // No JavaScript, so this browser said nothing: the zone her last browser reported.
      expect((await page.getByTestId("current-time-zone").innerText()).replace(/\s/g, " ")).toMatch(/America\/Chicago/);
      await expectAxeClean(page, "account with the time zone field, without JavaScript", false);

      // A zone that is not one is refused beside its field; what was typed stays.
      const field = page.getByRole("combobox", { name: t("account.timeZone.label"), exact: true });
      await field.fill("Mars/Olympus");
      await page.getByRole("button", { name: t("account.timeZone.save") }).click();
      await page.locator("#time-zone-form").getByText(t("account.timeZone.unknown")).first().waitFor();
      expect(await page.getByRole("combobox", { name: t("account.timeZone.label"), exact: true }).inputValue()).toBe("Mars/Olympus");

      await page.getByRole("combobox", { name: t("account.timeZone.label"), exact: true }).fill("Asia/Tokyo");
      await page.getByRole("button", { name: t("account.timeZone.save") }).click();
      await page.getByText(t("account.timeZone.saved")).waitFor();
      await page.goto(`${portal.baseUrl}/support/cases/${caseId}`);
      expect(await conversationText(page)).toMatch(TOKYO);
    });
  });

  it("the agent reads the case in his own zone and sees the customer's beside it", async () => {
    await withBrowser({ timezoneId: "Europe/Madrid" }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      const before = portal.receiver.messages.length;
      await signInWithZone(page, agent);
      await page.waitForURL((url) => url.pathname === "/signin/two-step");
      const code = await portal.receiver.waitFor((mail) => mail.envelopeTo.includes(agent.email) && portal.receiver.messages.indexOf(mail) >= before && /code$/.test(mail.subject ?? ""));
      await page.getByLabel(t("twoStep.codeLabel"), { exact: true }).fill(code.text!.match(/\b(\d{6})\b/)![1]);
      await page.getByRole("button", { name: t("twoStep.verify") }).click();
      await page.waitForURL((url) => url.pathname === "/staff/cases");

      await page.goto(`${portal.baseUrl}/staff/cases/${caseId}`);
      await page.getByRole("heading", { name: t("staff.case.heading", { number: caseId, subject }) }).waitFor();
      expect((await page.getByTestId("reader-zone").innerText()).replace(/\s/g, " ")).toMatch(/Europe\/Madrid \(GMT\+[12]\)/);
      const conversation = (await page.locator("#conversation-heading").locator("xpath=..").innerText()).replace(/\s/g, " ");
      expect(conversation).toMatch(MADRID);
      expect(conversation).not.toMatch(TOKYO);
      const customerZone = (await page.getByTestId("customer-zone").innerText()).replace(/\s/g, " ");
      expect(customerZone).toMatch(/^Asia\/Tokyo: now .*GMT\+9$/);
      // "Opened … (3 minutes ago)": the relative time keeps the exact one in its tooltip.
      const ago = page.locator("header time[title]").first();
      expect((await ago.getAttribute("title"))!.replace(/\s/g, " ")).toMatch(MADRID);
      await expectAxeClean(page, "staff case page with both zones");
    });
  });
});
