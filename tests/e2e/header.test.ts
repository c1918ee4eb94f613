import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { supportCases } from "@/lib/db/schema";
import { createCase } from "@/lib/support/cases";
import { withBrowser } from "./support/browser";
import { axeViolations, axeViolationsWithoutJavaScript, signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 30: on a phone the header is one line — the portal's name and a Menu button that holds the
 * links — in both languages, with and without JavaScript; the menus close on Escape (focus back on
 * their button), on a click outside and on moving to another page; nothing overflows sideways.
 */
const customer = { username: "phoebe", email: "phoebe@example.test", name: "Phoebe Phone", password: "phoebe lantern orchard ridge" };

let portal: Portal;
let caseId = 0;
beforeAll(async () => {
  portal = await startPortal([customer], {}, {
    // Two cases, so the screens that show status chips show two kinds.
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      await createCase(owner, { subject: "The meter reading looks doubled", category: "not-working", description: "The reading on my last bill is twice the usual one." }, "en");
      caseId = (await createCase(owner, { subject: "Paper bills by post", category: "request", description: "Please send my bills on paper from next month on." }, "en")).id;
      await (await db()).update(supportCases).set({ status: "waiting for you" }).where(eq(supportCases.id, caseId));
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

/** The header's height, and how far the page reaches past the window's right edge. */
async function measure(page: Page) {
  return page.evaluate(() => ({
    header: Math.round(document.querySelector("header")!.getBoundingClientRect().height),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
}

// One line of the header: 12 px above and below a 36 px button or link row.
const ONE_LINE = 64;
// A small phone, a common one, a desktop.
const WIDTHS = [320, 390, 1280];

/** The check the tests below make on every screen: one line, nothing past the right edge. */
async function expectOneLineNoOverflow(page: Page, where: string) {
  expectOneLine(await measure(page), where);
}

function expectOneLine(measured: { header: number; overflow: number }, where: string) {
  expect({ where, overflow: measured.overflow, oneLine: measured.header <= ONE_LINE }).toEqual({ where, overflow: 0, oneLine: true });
}

describe("the header check", () => {
  // The check must be able to fail: a second line in the header, or a page wider than the window.
  it.each(WIDTHS)("fails at %i px when the header wraps or something overflows", async (width) => {
    await withBrowser({ width, height: 800 }, async (page) => {
      await page.goto(portal.baseUrl);
      await expectOneLineNoOverflow(page, "/");
      // Note: each element is added and measured in one evaluate — React's hydration after a load
      // may drop an element added to what it renders between two calls (the wide element was lost
      // so in CI at load 15, and the check then saw no overflow).
      const wrapped = await page.evaluate(() => {
        const line = document.createElement("div");
        line.textContent = "A second line in the header";
        document.querySelector("header")!.append(line);
        return { header: Math.round(document.querySelector("header")!.getBoundingClientRect().height), overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      });
      expect(wrapped.header).toBeGreaterThan(ONE_LINE);
      expect(() => expectOneLine(wrapped, "/")).toThrow();
      await page.reload();
      const overflowing = await page.evaluate(() => {
        const wide = document.createElement("div");
        wide.style.width = `${window.innerWidth + 40}px`;
        wide.style.height = "1px";
        document.querySelector("main")!.append(wide);
        return { header: Math.round(document.querySelector("header")!.getBoundingClientRect().height), overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      });
      expect(overflowing.overflow).toBeGreaterThan(0);
      expect(() => expectOneLine(overflowing, "/")).toThrow();
    });
  });
});

describe.each([
  { locale: "en", browserLocale: "en-US" },
  { locale: "es", browserLocale: "es-ES" },
])("the header in $locale", ({ locale, browserLocale }) => {
  const t = words(locale);

  // Note: each page is loaded once and measured at every width by resizing the window (the header
  // is laid out by CSS alone, nothing reads the width at load), so a locale costs one sign-in and
  // one load per page rather than one per page and width (issue 24). The narrow-screen checks that
  // accessibility.test.ts made at 320 px (fit and axe, signed out and in) are made here.
  async function atEveryWidth(page: Page, path: string) {
    await page.goto(`${portal.baseUrl}${path}`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      expect({ path, width: await page.evaluate(() => window.innerWidth) }).toEqual({ path, width });
      await expectOneLineNoOverflow(page, `${path} at ${width} px`);
      // axe on every screen the header and issue 30 changed, once per layout (the phone's below
      // 768 px, the row's above): 390 px has the same elements and styles as 320 px, only more
      // room, which the fit check above measures. Each axe run costs a second or more in CI.
      if (width === 390) continue;
      expect({ path, width, violations: await axeViolations(page) }).toEqual({ path, width, violations: [] });
    }
  }

  // The limit of the three tests (one per width) these two replaced, for their 20 and 10 axe runs.
  const EVERY_WIDTH_LIMIT = 3 * 120_000;

  it("is one line and nothing overflows at 320, 390 and 1280 px, with no axe violations, signed out", async () => {
    await withBrowser({ width: WIDTHS[0], height: 800, locale: browserLocale }, async (page) => {
      for (const path of ["/", "/signin", "/knowledge-base", "/search?q=password", "/register", "/forgot-password", "/forgot-password/sent", "/reset-password", "/reset-password/done", "/contact"]) {
        await atEveryWidth(page, path);
      }
    });
  }, EVERY_WIDTH_LIMIT);

  it("is one line and nothing overflows at 320, 390 and 1280 px, with no axe violations, signed in", async () => {
    await withBrowser({ width: WIDTHS[0], height: 800, locale: browserLocale }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await signIn(page, customer.username, customer.password, { locale });
      await page.waitForURL((url) => url.pathname === "/");
      for (const path of ["/", "/account", "/support/cases", "/support/cases/new", `/support/cases/${caseId}`]) {
        await atEveryWidth(page, path);
      }
    });
  }, EVERY_WIDTH_LIMIT);

  it("opens the phone menu without JavaScript, and its links work", async () => {
    await withBrowser({ width: 390, height: 800, locale: browserLocale, javaScriptEnabled: false }, async (page) => {
      await page.goto(portal.baseUrl);
      const banner = page.getByRole("banner");
      expect(await banner.getByRole("link", { name: t("shell.knowledgeBase") }).count()).toBe(0);
      await banner.getByText(t("shell.menu")).click();
      expect(await axeViolationsWithoutJavaScript(page)).toEqual([]);
      await banner.getByRole("link", { name: t("shell.knowledgeBase") }).click();
      await page.waitForURL(/\/knowledge-base$/);
      await banner.getByText(t("shell.menu")).click();
      await banner.getByRole("link", { name: t("shell.signIn") }).click();
      await page.getByRole("heading", { name: t("signIn.localHeading") }).waitFor();
    });
  });

  it("has the language switcher once, in the phone menu below 768 px and at the row's end above, with and without JavaScript", async () => {
    const other = locale === "en" ? "Español" : "English";
    for (const javaScriptEnabled of [false, true]) {
      await withBrowser({ width: 320, height: 800, locale: browserLocale, javaScriptEnabled }, async (page) => {
        await page.goto(portal.baseUrl);
        const banner = page.getByRole("banner");
        // In the page once (hidden ones included), for both layouts.
        expect(await banner.locator("button[lang]").count()).toBe(1);
        const switcher = banner.getByRole("button", { name: other });
        expect(await switcher.isVisible()).toBe(false);
        await banner.getByText(t("shell.menu")).click();
        await switcher.waitFor();
        // Below the menu's other parts, inside its panel, and reached by the keyboard after them.
        const [panel, button] = await Promise.all([page.locator("[data-menu-panel]").boundingBox(), switcher.boundingBox()]);
        expect(button!.y).toBeGreaterThan(panel!.y);
        expect(button!.y + button!.height).toBeLessThanOrEqual(panel!.y + panel!.height);
        await banner.getByRole("link", { name: t("shell.signIn") }).focus();
        await page.keyboard.press("Tab");
        expect(await switcher.evaluate((element) => element === document.activeElement && element.matches(":focus-visible") && getComputedStyle(element).outlineStyle !== "none")).toBe(true);
        await expectOneLineNoOverflow(page, `/ at 320 px, menu open, JavaScript ${javaScriptEnabled}`);

        await page.setViewportSize({ width: 1280, height: 800 });
        await switcher.waitFor();
        // At the end of the one row: right of every other link of the header.
        const row = await banner.locator("a, summary").evaluateAll((elements) => Math.max(...elements.filter((element) => element.getBoundingClientRect().width > 0).map((element) => element.getBoundingClientRect().right)));
        expect((await switcher.boundingBox())!.x).toBeGreaterThan(row);
        await expectOneLineNoOverflow(page, `/ at 1280 px, JavaScript ${javaScriptEnabled}`);
        expect(await (javaScriptEnabled ? axeViolations(page) : axeViolationsWithoutJavaScript(page))).toEqual([]);
      });
    }
  });

  it("closes menus on Escape (focus back on the button), on a click outside and on another page, with JavaScript", async () => {
    await withBrowser({ width: 390, height: 800, locale: browserLocale }, async (page) => {
      await page.goto(portal.baseUrl);
      const banner = page.getByRole("banner");
      const menuButton = banner.getByText(t("shell.menu"));
      const openMenus = () => page.locator("details[data-menu][open]").count();

      await menuButton.click();
      await banner.getByRole("link", { name: t("shell.knowledgeBase") }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await banner.getByRole("link", { name: t("shell.knowledgeBase") }).focus();
      await page.keyboard.press("Escape");
      expect(await openMenus()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");

      await menuButton.click();
      // Below the open menu's panel.
      await page.mouse.click(10, 780);
      expect(await openMenus()).toBe(0);

      await menuButton.click();
      await banner.getByRole("link", { name: t("shell.knowledgeBase") }).click();
      await page.waitForURL(/\/knowledge-base$/);
      await page.waitForFunction(() => document.querySelectorAll("details[data-menu][open]").length === 0);
    });

    // At desktop width, the Support menu behaves the same.
    await withBrowser({ width: 1280, height: 800, locale: browserLocale }, async (page) => {
      await page.goto(portal.baseUrl);
      await page.getByRole("banner").getByText(t("shell.support")).click();
      await page.getByRole("banner").getByRole("link", { name: t("shell.createCase") }).waitFor();
      await page.keyboard.press("Escape");
      expect(await page.locator("details[data-menu][open]").count()).toBe(0);
    });
  });
});
