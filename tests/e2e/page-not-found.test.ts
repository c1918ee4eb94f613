import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { createCase } from "@/lib/support/cases";
import { withBrowser } from "./support/browser";
import { signIn, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * A page's own notFound() against the production build: the portal's "Page not found" with 404,
 * drawn on the server, so that a visitor without JavaScript sees it (Next.js alone answers an empty
 * document that only JavaScript fills in). A case that is not the reader's answers exactly like a
 * case that does not exist. A form posted for something that is not there ends on that thing's
 * page, so it answers the same way (lib/http/page-not-found.tsx, pageNotFoundAt).
 */
const customers = {
  owner: { username: "ownerone", email: "owner@example.test", name: "Owner One", password: "owner lantern orchard ridge" },
  other: { username: "otherone", email: "other@example.test", name: "Other One", password: "other lantern orchard ridge" },
};
const agent = { username: "agentone", email: "agent@example.test", name: "Agent One", password: "agent lantern orchard ridge" };
const t = words("en");

let portal: Portal;
let caseId = 0;
let othersCaseId = 0;
beforeAll(async () => {
  portal = await startPortal([...Object.values(customers), agent], {}, {
    roles: { [agent.username]: "agent" },
    seed: async () => {
      const owner = (await findCustomerByLogin(customers.owner.username))!;
      caseId = (await createCase(owner, { subject: "Meter reading", category: "question", description: "My bill says the reading was estimated." }, "en")).id;
      const other = (await findCustomerByLogin(customers.other.username))!;
      othersCaseId = (await createCase(other, { subject: "Gas meter access", category: "question", description: "The reader could not get to the gas meter." }, "en")).id;
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

/** Opens the address; the answer's status and what the page shows as "Page not found". */
async function openNotFound(page: Page, pathname: string) {
  const response = await page.goto(`${portal.baseUrl}${pathname}`);
  expect({ pathname, status: response!.status() }).toEqual({ pathname, status: 404 });
  await page.getByRole("heading", { level: 1, name: t("notFound.heading") }).waitFor();
  // The root layout is drawn around it: the language, and the Get Help links.
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  const getHelp = page.getByRole("complementary", { name: t("shell.getHelp") });
  for (const label of [t("shell.browseKb"), t("shell.contactUs")]) await getHelp.getByRole("link", { name: label }).waitFor();
  expect(new URL(page.url()).pathname).toBe(pathname);
  return (await page.locator("main").innerText()).trim();
}

async function signedInAs(page: Page, who: keyof typeof customers) {
  await page.goto(`${portal.baseUrl}/signin`);
  await signIn(page, customers[who].username, customers[who].password);
  await page.waitForURL((url) => url.pathname !== "/signin");
}

describe("a page's own notFound() (Page not found, 404)", () => {
  it("answers an unknown Knowledge Base address with the page drawn on the server", async () => {
    const response = await fetch(`${portal.baseUrl}/knowledge-base/no-such-article-here`);
    const html = await response.text();
    expect(response.status).toBe(404);
    expect(html).not.toContain("__next_error__");
    expect(html).toContain(t("notFound.heading"));
    expect(html).toMatch(/<meta name="robots" content="noindex"\/?>/);
  });

  it("keeps each request's status its own when not-found and found pages are asked for at once", async () => {
    const asked = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? `/knowledge-base/missing-${i}` : "/knowledge-base"));
    const answers = await Promise.all(asked.map(async (pathname) => ({ pathname, status: (await fetch(`${portal.baseUrl}${pathname}`)).status })));
    expect(answers).toEqual(asked.map((pathname) => ({ pathname, status: pathname === "/knowledge-base" ? 200 : 404 })));
  });

  for (const javaScript of [false, true]) {
    it(`shows an unknown Knowledge Base address as "Page not found" (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      await withBrowser({ javaScriptEnabled: javaScript }, async (page) => {
        expect(await openNotFound(page, "/knowledge-base/no-such-article-here")).toContain(t("notFound.heading"));
      });
    });

    it(`answers another customer's case exactly like a case that does not exist (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      await withBrowser({ javaScriptEnabled: javaScript }, async (page) => {
        await signedInAs(page, "other");
        const notTheirs = await openNotFound(page, `/support/cases/${caseId}`);
        const missing = await openNotFound(page, `/support/cases/${caseId + 1000}`);
        expect(notTheirs).toBe(missing);
        expect(notTheirs).not.toContain("Meter reading");
      });
    });
  }

  it("answers a case reply or close posted without JavaScript for another customer's case exactly like for a missing one", async () => {
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signedInAs(page, "owner");
      /** Posts one of the case page's forms with its hidden case number changed; what the browser shows. */
      async function postFor(form: "reply" | "close", target: number) {
        await page.goto(`${portal.baseUrl}/support/cases/${caseId}`);
        const formOnPage = page.locator(form === "close" ? "#close-case-form" : "#case-reply-form");
        await formOnPage.locator('input[name="case"]').evaluate((input, value) => ((input as HTMLInputElement).value = value), String(target));
        if (form === "reply") await formOnPage.getByLabel(t("cases.yourReply")).fill("Is anyone reading this case?");
        const [response] = await Promise.all([page.waitForNavigation(), formOnPage.getByRole("button", { name: form === "close" ? t("cases.closeButton") : t("cases.sendReply") }).click()]);
        expect({ form, status: response!.status() }).toEqual({ form, status: 404 });
        await page.getByRole("heading", { level: 1, name: t("notFound.heading") }).waitFor();
        // Inside the layout like any page (Next.js alone draws the bare not-found page here).
        expect(await page.locator("html").getAttribute("lang")).toBe("en");
        return (await page.locator("main").innerText()).trim();
      }
      for (const form of ["close", "reply"] as const) {
        const notTheirs = await postFor(form, othersCaseId);
        expect(await postFor(form, othersCaseId + 1000)).toBe(notTheirs);
        expect(notTheirs).not.toContain("Gas meter");
      }
    });
  });

  it("answers a staff form posted without JavaScript for a case that no longer exists with the portal's page, header and all", async () => {
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      const workForm = page.locator("#case-work-form");
      await workForm.locator('input[name="case"]').evaluate((input, value) => ((input as HTMLInputElement).value = value), String(caseId + 1000));
      await workForm.getByLabel(t("staff.case.work.textLabel")).fill("Is this case still here?");
      const [response] = await Promise.all([page.waitForNavigation(), workForm.getByRole("button", { name: t("staff.case.work.submit") }).click()]);
      expect(response!.status()).toBe(404);
      expect(new URL(page.url()).pathname).toBe(`/staff/cases/${caseId + 1000}`);
      await page.getByRole("heading", { level: 1, name: t("notFound.heading") }).waitFor();
      // Inside the layout like any staff page: the language and the header (Next.js alone draws the bare not-found page here).
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await page.getByRole("banner").getByRole("link", { name: t("shell.staff") }).waitFor();
      expect(await page.getByRole("complementary", { name: t("shell.getHelp") }).count()).toBe(0);
    });
  });

  it("still shows the owner her case (200), and a customer gets 404 for a staff page, without Get Help", async () => {
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signedInAs(page, "owner");
      const response = await page.goto(`${portal.baseUrl}/support/cases/${caseId}`);
      expect(response!.status()).toBe(200);
      await page.getByRole("heading", { level: 1, name: /Meter reading/ }).waitFor();
      // Every address under /staff, a screen's or none's, answers alike and without the customers' Get Help block.
      for (const pathname of ["/staff/customers/1", "/staff/no-such-screen"]) {
        const staff = await page.goto(`${portal.baseUrl}${pathname}`);
        expect({ pathname, status: staff!.status() }).toEqual({ pathname, status: 404 });
        await page.getByRole("heading", { level: 1, name: t("notFound.heading") }).waitFor();
        expect(await page.getByRole("complementary", { name: t("shell.getHelp") }).count()).toBe(0);
      }
    });
  });
});
