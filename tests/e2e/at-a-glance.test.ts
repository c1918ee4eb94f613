import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { supportCases } from "@/lib/db/schema";
import { createCase } from "@/lib/support/cases";
import { withBrowser } from "./support/browser";
import { axeViolations, signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 30, at a glance: the account page in sections with a table of contents, each fact shown
 * once and the activity list whole on a phone; status chips in the same words and capitals for
 * customers and staff; the portal's name in the reader's language.
 */
const customer = { username: "gloria", email: "gloria@example.test", name: "Gloria Glance", password: "gloria lantern orchard ridge" };

let portal: Portal;
let waitingCase = 0;
beforeAll(async () => {
  portal = await startPortal([customer], {}, {
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      await createCase(owner, { subject: "The meter reading looks doubled", category: "not-working", description: "The reading on my last bill is twice the usual one." }, "en");
      waitingCase = (await createCase(owner, { subject: "Paper bills by post", category: "request", description: "Please send my bills on paper from next month on." }, "en")).id;
      await (await db()).update(supportCases).set({ status: "waiting for you" }).where(eq(supportCases.id, waitingCase));
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectAxeClean(page: Page, where: string) {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

describe.each([
  { locale: "en", browserLocale: "en-US" },
  { locale: "es", browserLocale: "es-ES" },
])("at a glance, in $locale", ({ locale, browserLocale }) => {
  const t = words(locale);

  it.each([390, 1280])("the account page at %i px: a table of contents, each fact once, the activity list whole", async (width) => {
    await withBrowser({ width, height: 800, locale: browserLocale }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, customer.username, customer.password, { locale });
      await page.getByRole("heading", { name: t("account.title"), exact: true, level: 1 }).waitFor();
      const main = page.getByRole("main");

      // The table of contents leads to each section.
      const contents = main.getByRole("navigation", { name: t("account.contents") });
      for (const heading of [t("account.detailsHeading"), t("account.changePasswordHeading"), t("twoStep.account.heading"), t("accountSecurity.devices.heading"), t("accountSecurity.activity.heading")]) {
        const link = contents.getByRole("link", { name: heading, exact: true });
        const target = (await link.getAttribute("href"))!.slice(1);
        expect(await main.getByRole("heading", { name: heading, exact: true, level: 2 }).getAttribute("id")).toBe(target);
        await link.click();
        // The section's heading is brought into the window.
        await page.waitForFunction((id) => {
          const top = document.getElementById(id)!.getBoundingClientRect().top;
          return top >= 0 && top < window.innerHeight;
        }, target);
      }

      // Name and phone only in their fields; username and email once, as text, in the details. (The
      // two-step section says which address its codes go to; that is not the details again.)
      const text = await main.innerText();
      const details = await page.getByRole("region", { name: t("account.detailsHeading") }).innerText();
      const times = (within: string, pattern: RegExp) => within.match(pattern)?.length ?? 0;
      const username = new RegExp(`\\b${customer.username}\\b(?!@)`, "g");
      const email = new RegExp(customer.email.replace(/\./g, "\\."), "g");
      expect(times(text, new RegExp(customer.name, "g"))).toBe(0);
      expect(await main.getByLabel(t("account.name"), { exact: true }).inputValue()).toBe(customer.name);
      expect([times(details, username), times(details, email)]).toEqual([1, 1]);
      expect(times(text, username)).toBe(1);
      expect(await main.locator("input:visible").evaluateAll((inputs, values) => inputs.filter((input) => values.includes((input as HTMLInputElement).value)).length, [customer.username, customer.email])).toBe(0);

      // Every activity entry, where it happened included, lies within the window.
      const activity = page.getByRole("region", { name: t("accountSecurity.activity.heading") });
      const entries = activity.getByRole("listitem");
      expect(await entries.count()).toBeGreaterThan(0);
      const signIns = entries.filter({ hasText: t("accountSecurity.activity.events.sign_in_succeeded") });
      await signIns.first().scrollIntoViewIfNeeded();
      // The third part of an entry: the browser and the address it came from.
      const where = signIns.first().locator(":scope > span").nth(2);
      expect(await where.innerText()).toMatch(/\d+\.\d+\.\d+\.\d+|::/);
      const box = (await where.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await expectAxeClean(page, `/account at ${width}`);
    });
  });

  it("status chips: capitalised as labels, in the catalog's words, on the list and the case", async () => {
    await withBrowser({ width: 390, height: 800, locale: browserLocale }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/support/cases`);
      await signIn(page, customer.username, customer.password, { locale });
      const main = page.getByRole("main");
      const waiting = t("cases.status.waitingForYou");
      const open = t("cases.status.open");
      for (const chip of [waiting, open]) {
        expect(chip[0]).toBe(chip[0].toLocaleUpperCase(locale));
        await main.getByText(chip, { exact: true }).first().waitFor();
      }
      await expectAxeClean(page, "/support/cases");
      await page.goto(`${portal.baseUrl}/support/cases/${waitingCase}`);
      await main.getByText(waiting, { exact: true }).first().waitFor();
      await expectAxeClean(page, `/support/cases/${waitingCase}`);
    });
  });

  it("names the portal in the reader's language, in the header and the page title", async () => {
    await withBrowser({ width: 1280, height: 800, locale: browserLocale }, async (page) => {
      await page.goto(portal.baseUrl);
      const portalName = t("meta.portalName");
      await page.getByRole("banner").getByRole("link", { name: portalName, exact: true }).waitFor();
      expect(await page.title()).toContain(portalName);
      if (locale !== "en") expect(portalName).not.toBe(words("en")("meta.portalName"));
    });
  });
});
