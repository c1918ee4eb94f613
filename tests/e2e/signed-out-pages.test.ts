import { withBrowser } from "./support/browser";
import { axeViolations } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/** Issue 30: what a signed-out visitor sees — a way to register when anyone may, a centred Sign in card, and why they were sent to sign in. */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([], { REGISTRATION: "open" });
});
afterAll(async () => {
  await portal?.stop();
});

describe("signed-out pages", () => {
  it("offers Register on the home page when registration is open", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(portal.baseUrl);
      const register = page.getByRole("main").getByRole("link", { name: "Register", exact: true });
      await register.waitFor();
      expect(await register.getAttribute("href")).toBe("/register");
      // "Ways to get help" holds the three links here, so the Get Help block is not repeated.
      await page.getByRole("link", { name: "Contact us" }).first().waitFor();
      // In the HTML but hidden by CSS (components/get-help.tsx): not shown, not in the accessibility tree.
      expect(await page.getByRole("complementary", { name: "Get Help" }).count()).toBe(0);
      expect(await page.locator("#get-help-heading").isVisible()).toBe(false);
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${portal.baseUrl}/knowledge-base`);
      await page.getByRole("complementary", { name: "Get Help" }).waitFor();
    });
  });

  it("says why on the way to Create Case, and centres the one Sign in card", async () => {
    await withBrowser({ width: 1280, height: 900 }, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await page.getByText("Sign in to create a case.").waitFor();
      expect(new URL(page.url()).pathname).toBe("/signin");
      expect(await axeViolations(page)).toEqual([]);

      const card = await page.locator("section[aria-labelledby='local-heading']").boundingBox();
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      expect(card).not.toBeNull();
      expect(Math.abs(card!.x + card!.width / 2 - width / 2)).toBeLessThanOrEqual(2);

      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      expect(await page.getByText("Sign in to create a case.").count()).toBe(0);
    });
  });
});
