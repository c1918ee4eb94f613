import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { createCase } from "@/lib/support/cases";
import { withBrowser } from "./support/browser";
import { axeViolations, axeViolationsWithoutJavaScript, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 27 in Chromium against the production build: an admin keeps the canned replies (in both
 * languages, axe-clean), an agent inserts one into the reply box — with JavaScript where the
 * cursor is, without it through the page coming back filled in — edits it and sends it; and the
 * customer page's new forms are axe-clean for an agent and an admin.
 */
const customer = { username: "carla", email: "carla@example.test", name: "Carla Customer", password: "carla lantern orchard ridge" };
const agent = { username: "arno", email: "arno@example.test", name: "Arno Agent", password: "arno lantern orchard ridge" };
const admin = { username: "ada", email: "ada@example.test", name: "Ada Admin", password: "ada lantern orchard ridge" };
const t = words("en");
const es = words("es");
const subject = "Estimated reading on my bill";

let portal: Portal;
let caseId = 0;
let customerId = "";
beforeAll(async () => {
  portal = await startPortal([customer, agent, admin], {}, {
    roles: { arno: "agent", ada: "admin" },
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      customerId = owner.id;
      caseId = (await createCase(owner, { subject, category: "question", description: "My bill says the reading was estimated. Why?" }, "en")).id;
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

async function addReply(page: Page, locale: string, title: string, body: string) {
  const form = page.locator("#canned-reply-form");
  await form.getByLabel(t("staff.cannedReplies.language"), { exact: true }).selectOption(locale);
  await form.getByLabel(t("staff.cannedReplies.replyTitle"), { exact: true }).fill(title);
  await form.getByLabel(t("staff.cannedReplies.body"), { exact: true }).fill(body);
  await form.getByRole("button", { name: t("staff.cannedReplies.addSubmit") }).click();
  // The notice reads the same after each addition: wait for this one's entry in its language's list.
  await page.getByRole("heading", { name: title, level: 3 }).waitFor();
  await page.getByText(t("staff.cannedReplies.done.added")).waitFor();
}

const filled = () => `Dear ${customer.name},\n\nabout case ${caseId}: an estimated reading is used when the meter could not be read.`;

describe("canned replies", () => {
  it("an admin adds, edits and deletes them in both languages, and every screen is axe-clean", async () => {
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, "/staff/canned-replies", admin);
      await page.getByRole("heading", { name: t("staff.cannedReplies.title"), level: 1 }).waitFor();
      await expectAxeClean(page, "canned replies, none yet");
      await addReply(page, "en", "Estimated reading", "Dear {name},\n\nabout case {case}: an estimated reading is used.");
      await addReply(page, "es", "Lectura estimada", "Estimado/a {name}:\n\nsobre su caso {case}: se usa una lectura estimada.");
      await addReply(page, "es", "Borrar", "Una que sobra.");
      await expectAxeClean(page, "canned replies, three");

      // Edits the English one: its own page.
      await page.getByRole("link", { name: t("staff.cannedReplies.editNamed", { title: "Estimated reading" }) }).click();
      await page.getByRole("heading", { name: t("staff.cannedReplies.editTitle") }).waitFor();
      await expectAxeClean(page, "edit a canned reply");
      await page.getByLabel(t("staff.cannedReplies.body"), { exact: true }).fill("Dear {name},\n\nabout case {case}: an estimated reading is used when the meter could not be read.");
      await page.getByRole("button", { name: t("staff.cannedReplies.save") }).click();
      await page.getByText(t("staff.cannedReplies.done.saved")).waitFor();

      await page.getByRole("button", { name: t("staff.cannedReplies.deleteNamed", { title: "Borrar" }) }).click();
      await page.getByText(t("staff.cannedReplies.done.deleted")).waitFor();
      expect(await page.getByRole("heading", { name: "Borrar" }).count()).toBe(0);

      // The same screen in Spanish.
      await page.getByRole("banner").getByRole("button", { name: "Español" }).click();
      await page.getByRole("heading", { name: es("staff.cannedReplies.title"), level: 1 }).waitFor();
      await expectAxeClean(page, "canned replies in Spanish");
      await page.getByRole("banner").getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: t("staff.cannedReplies.title"), level: 1 }).waitFor();
    });
  });

  it("with JavaScript, an agent inserts one where the cursor is, filled in, edits it and sends it", async () => {
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      await page.getByRole("heading", { name: t("staff.case.heading", { number: caseId, subject }) }).waitFor();
      await expectAxeClean(page, "case page with canned replies");
      const box = page.locator("#case-work-form").getByLabel(t("staff.case.work.textLabel"), { exact: true });
      await page.getByLabel(t("staff.case.canned.label"), { exact: true }).selectOption({ label: "Estimated reading" });
      await page.getByRole("button", { name: t("staff.case.canned.insert") }).click();
      expect(await box.inputValue()).toBe(filled());
      expect(new URL(page.url()).searchParams.get("template")).toBeNull();
      await box.press("End");
      await box.pressSequentially(" Your next reading is due in March.");
      const sent = portal.receiver.messages.length;
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.done.replied")).waitFor();
      const mail = await portal.receiver.waitFor((message) => message.envelopeTo.includes(customer.email) && portal.receiver.messages.indexOf(message) >= sent);
      expect(mail.text).toContain(`about case ${caseId}: an estimated reading is used when the meter could not be read. Your next reading is due in March.`);
      expect(mail.text).toContain(`Dear ${customer.name},`);
    });
  });

  it("without JavaScript, Insert brings the page back with the reply box filled in", async () => {
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      await page.getByLabel(t("staff.case.canned.label"), { exact: true }).selectOption({ label: "Lectura estimada" });
      await page.getByRole("button", { name: t("staff.case.canned.insert") }).click();
      await page.waitForURL((url) => url.searchParams.has("template"));
      const box = page.locator("#case-work-form").getByLabel(t("staff.case.work.textLabel"), { exact: true });
      expect(await box.inputValue()).toBe(`Estimado/a ${customer.name}:\n\nsobre su caso ${caseId}: se usa una lectura estimada.`);
      await expectAxeClean(page, "case page with a canned reply, without JavaScript", false);
    });
  });

  it("the customer page's work forms are axe-clean for an agent and an admin", async () => {
    for (const person of [agent, admin]) {
      await withBrowser({}, async (page) => {
        await signInAt(page, portal, `/staff/customers/${customerId}`, person);
        await page.getByRole("heading", { name: t("staff.customer.openCaseHeading") }).waitFor();
        expect(await page.locator("#change-email-form").count()).toBe(person === admin ? 1 : 0);
        await expectAxeClean(page, `customer page for ${person.username}`);
      });
    }
  });
});
