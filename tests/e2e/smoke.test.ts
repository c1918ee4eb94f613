import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * One pass through each area of the portal — the public pages, a customer's case and account, the
 * support team's queue and customer list — in Chromium against the production build. CI runs the whole
 * browser suite on PostgreSQL and, on the embedded database, this file and the guide walk: enough to show
 * that every area opens and writes on PGlite without paying for the full suite twice (issue 24).
 */
const customer = { username: "sam", email: "sam@example.test", name: "Sam Smoke", password: "sam lantern orchard ridge" };
const admin = { username: "ada", email: "ada@example.test", name: "Ada Admin", password: "ada lantern orchard ridge" };
const t = words("en");

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer, admin], { REGISTRATION: "open" }, { roles: { ada: "admin" } });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectPage(page: Page, path: string, heading: string | RegExp) {
  const response = await page.goto(`${portal.baseUrl}${path}`);
  expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
  await page.getByRole("heading", { name: heading }).first().waitFor();
}

describe("every area opens and works", () => {
  it("the public pages: home, Knowledge Base, an article, search, Sign in, Forgot your password?, Register", async () => {
    await withBrowser({}, async (page) => {
      await expectPage(page, "/", /Customer Portal|Welcome/);
      await expectPage(page, "/knowledge-base", "Knowledge Base");
      await page.getByRole("main").getByRole("link").first().click();
      await page.waitForURL(/\/knowledge-base\/.+/);
      await expectPage(page, "/search?q=password", "Search");
      expect(await page.getByRole("main").getByRole("listitem").count()).toBeGreaterThan(0);
      await expectPage(page, "/signin", t("signIn.localHeading"));
      await expectPage(page, "/forgot-password", /Forgot/);
      await expectPage(page, "/register", /Register/);
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("a customer creates a case, finds it under My cases and opens Account; an admin finds it in the queue and the customer list", async () => {
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, "/support/cases/new", customer);
      await page.getByRole("heading", { name: t("cases.create") }).waitFor();
      await page.getByLabel(t("cases.subject")).fill("Smoke test: the confirmation never came");
      await page.getByLabel(t("cases.category")).selectOption({ label: t("cases.categories.not-working") });
      await page.getByLabel(t("cases.description")).fill("A request was placed on Monday and nothing has arrived since.");
      await page.getByRole("button", { name: t("cases.create") }).click();
      await page.getByRole("heading", { name: /Case \d+: Smoke test: the confirmation never came/ }).waitFor();
      await expectPage(page, "/support/cases", /My cases/);
      await page.getByRole("link", { name: /Smoke test: the confirmation never came/ }).waitFor();
      await expectPage(page, "/account", /Account/);
      expect(await axeViolations(page)).toEqual([]);
    });

    // …and the support team finds it in the queue.
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, "/staff/cases", admin);
      await page.getByRole("link", { name: /Smoke test: the confirmation never came/ }).click();
      await page.getByRole("heading", { name: /Case \d+: Smoke test: the confirmation never came/ }).waitFor();
      await expectPage(page, "/staff/customers", /Customers/);
      await page.getByRole("link", { name: /sam/ }).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
