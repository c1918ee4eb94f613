import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 31 in Chromium against the production build, the "done when": an agent writes a
 * Spanish article (previewed, without JavaScript), an admin publishes it, a Spanish reader finds it
 * by a misspelt, unaccented word and marks it helpful, and the agent sees the vote.
 */
const agent = { username: "agueda", email: "agueda@example.test", name: "Águeda Agente", password: "agueda lantern orchard ridge" };
const admin = { username: "adan", email: "adan@example.test", name: "Adán Admin", password: "adan lantern orchard ridge" };
const t = words("en");
const es = words("es");

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([agent, admin], {}, { roles: { agueda: "agent", adan: "admin" } });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectAxeClean(page: Page, where: string) {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

describe("the Knowledge Base written in the portal", () => {
  it("write → preview → publish → find it by search → vote, and the agent sees the vote", async () => {
    let articlePath = "";
    // The agent writes without JavaScript: the preview comes back from the server. (axe needs
    // JavaScript in the page, so the editor is checked with it below, on the admin's visit.)
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signInAt(page, portal, "/staff/knowledge-base/new", agent);
      await page.getByRole("heading", { name: t("staff.knowledgeBase.newArticle") }).waitFor();
      await page.getByRole("combobox", { name: t("staff.knowledgeBase.editor.locale") }).selectOption("es");
      await page.getByLabel(t("staff.knowledgeBase.editor.title"), { exact: true }).fill("Facturación electrónica");
      await page.getByLabel(t("staff.knowledgeBase.editor.slug"), { exact: true }).fill("facturacion-electronica");
      await page.getByLabel(t("staff.knowledgeBase.editor.category"), { exact: true }).fill("Cuenta");
      await page.getByLabel(t("staff.knowledgeBase.editor.summary"), { exact: true }).fill("Cómo recibir la facturación electrónica.");
      await page.getByLabel(t("staff.knowledgeBase.editor.body"), { exact: true }).fill("## Activarla\n\nLa **facturación electrónica** llega a su correo cada mes.\n\n<script>document.title='pwned'</script>");
      await page.getByRole("button", { name: t("staff.knowledgeBase.editor.preview"), exact: true }).click();
      const preview = page.locator("#article-preview");
      await preview.getByRole("heading", { name: "Activarla" }).waitFor();
      expect(await preview.locator("strong").textContent()).toBe("facturación electrónica");
      expect(await preview.locator("script").count()).toBe(0);
      await page.getByRole("button", { name: t("staff.knowledgeBase.editor.save") }).click();
      await page.getByText(t("staff.knowledgeBase.done.saved")).waitFor();
      articlePath = new URL(page.url()).pathname;
      // Agents do not publish.
      expect(await page.getByRole("button", { name: t("staff.knowledgeBase.publishVersion") }).count()).toBe(0);
    });

    // An admin publishes it.
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, articlePath, admin);
      await page.getByRole("heading", { name: "Facturación electrónica" }).first().waitFor();
      await expectAxeClean(page, "staff article page");
      await page.getByRole("button", { name: t("staff.knowledgeBase.publishVersion") }).click();
      await page.getByText(t("staff.knowledgeBase.done.published")).waitFor();
    });

    // A Spanish reader, signed out, finds it by a misspelt, unaccented word and marks it helpful.
    await withBrowser({ locale: "es-ES" }, async (page) => {
      await page.goto(`${portal.baseUrl}/search?q=factuacion`);
      const results = page.getByRole("main");
      await results.getByRole("link", { name: "Facturación electrónica" }).waitFor();
      expect(await page.getByRole("searchbox", { name: es("search.boxLabel") }).inputValue()).toBe("factuacion");
      expect(await results.locator("mark").count()).toBeGreaterThan(0);
      await expectAxeClean(page, "search results");
      await results.getByRole("link", { name: "Facturación electrónica" }).click();
      await page.getByRole("heading", { name: "Facturación electrónica", level: 1 }).waitFor();
      expect(await page.title()).not.toBe("pwned");
      await page.getByLabel(es("knowledgeBase.vote.commentLabel")).fill("Muy claro");
      await page.getByRole("button", { name: es("knowledgeBase.vote.yes"), exact: true }).click();
      await page.getByText(es("knowledgeBase.vote.thanks")).waitFor();
      await expectAxeClean(page, "article after voting");
    });

    // The agent sees the vote and its comment.
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, articlePath, agent);
      await page.getByText(t("staff.knowledgeBase.votes", { helpful: 1, notHelpful: 0 })).first().waitFor();
      await page.getByText("Muy claro").waitFor();
    });
    // Four browsers, three staff sign-ins with their second step, and axe on five pages.
  }, 300_000);
});
