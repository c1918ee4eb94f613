import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { createCase } from "@/lib/support/cases";
import { replyAsCustomer } from "@/lib/support/customer-replies";
import { withBrowser } from "./support/browser";
import { axeViolations, axeViolationsWithoutJavaScript, signIn, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 26 in Chromium against the production build: a reply typed while the session ended
 * elsewhere is not lost. The customer presses Send reply, Sign in says why she is there, and after
 * signing in she is back on the case with her words in the box and the file she attached, and
 * sends them with one press — with JavaScript and without.
 */
const customer = { username: "rhea", email: "rhea@example.test", name: "Rhea Replier", password: "rhea lantern orchard ridge" };
const agent = { username: "kate", email: "kate@example.test", name: "Kate Keeper", password: "kate lantern orchard ridge" };
const t = words("en");
const subject = "Estimated reading again";

let portal: Portal;
let caseId = 0;
beforeAll(async () => {
  portal = await startPortal([customer, agent], {}, {
    roles: { kate: "agent" },
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      caseId = (await createCase(owner, { subject, category: "question", description: "My bill says the reading was estimated." }, "en")).id;
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

/**
 * The first browser's device signed out from another browser ("Where you're signed in"): its session
 * ends, its cookie stays. (Not "Sign out of all other devices": that moves the session version on, as
 * taking an account back does, and a draft is never kept across a moved version.)
 */
async function endSessionElsewhere(person: typeof customer = customer) {
  await withBrowser({}, async (page) => {
    // Staff take their second step on the way (signInAt).
    await signInAt(page, portal, "/account", person);
    await page.waitForURL((url) => url.pathname === "/account");
    // Each other session's own Sign out button (its form names the session), one at a time: the
    // first browser's is among them, with those an earlier test left signed in.
    const others = page.locator('form:has(input[name="session"]) button[type="submit"]');
    for (let left = await others.count(); left > 0; left -= 1) {
      await others.first().click();
      // The page after it lists one fewer: the last of the old list's places is gone.
      await others.nth(left - 1).waitFor({ state: "detached" });
      expect(new URL(page.url()).searchParams.get("device")).toBe("signed-out");
    }
    expect(await others.count()).toBe(0);
  });
}

async function expectAxeClean(page: Page, where: string, javaScript: boolean) {
  const violations = javaScript ? await axeViolations(page) : await axeViolationsWithoutJavaScript(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

describe("nothing typed is lost (issue 26)", () => {
  for (const javaScript of [true, false]) {
    it(`a reply typed across an ended session is sent after signing in again (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const reply = `Here is the reading from this morning: 04512 (${javaScript ? "with" : "without"} JavaScript).`;
      const fileName = `meter-reading-${javaScript ? "js" : "plain"}.pdf`;
      const pdf = Buffer.alloc(2048, 0x20);
      pdf.write("%PDF-1.4\n");
      await withBrowser({ javaScriptEnabled: javaScript }, async (page) => {
        await page.goto(`${portal.baseUrl}/signin?callbackUrl=${encodeURIComponent(`/support/cases/${caseId}`)}`);
        await signIn(page, customer.username, customer.password);
        await page.waitForURL((url) => url.pathname === `/support/cases/${caseId}`);
        await page.getByLabel(t("cases.yourReply"), { exact: true }).fill(reply);
        // With JavaScript the file is sent ahead at once, while the session lives; without, it goes in the form.
        await page.getByLabel(t("cases.files")).setInputFiles({ name: fileName, mimeType: "application/pdf", buffer: pdf });
        if (javaScript) await page.getByRole("status").filter({ hasText: `“${fileName}” is attached.` }).waitFor();

        await endSessionElsewhere();
        await page.getByRole("button", { name: t("cases.sendReply") }).click();

        await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("kept") === "reply");
        await page.getByText(t("signIn.keptReply")).waitFor();
        await expectAxeClean(page, "sign in after the session ended", javaScript);
        await signIn(page, customer.username, customer.password);

        await page.waitForURL((url) => url.pathname === `/support/cases/${caseId}`);
        await page.getByText(t("cases.restoredReplyWithFiles")).waitFor();
        expect(await page.getByLabel(t("cases.yourReply"), { exact: true }).inputValue()).toBe(reply);
        // The file is back: listed as attached (with JavaScript, with its Remove button), or a ticked box.
        if (javaScript) await page.getByRole("button", { name: t("cases.removeFile", { name: fileName }) }).waitFor();
        else expect(await page.getByRole("checkbox", { name: new RegExp(fileName.replace(/\./g, "\\.")) }).isChecked()).toBe(true);
        await expectAxeClean(page, "case with the kept reply", javaScript);
        await page.getByRole("button", { name: t("cases.sendReply") }).click();
        await page.getByText(t("cases.repliedNotice")).waitFor();
        await page.getByText(reply).waitFor();
        await page.getByRole("link", { name: new RegExp(`Download ${fileName.replace(/\./g, "\\.")}`) }).waitFor();

        // Single use: the page again offers nothing.
        await page.goto(`${portal.baseUrl}/support/cases/${caseId}`);
        expect(await page.getByText(t("cases.restoredReplyWithFiles")).count()).toBe(0);
        expect(await page.getByLabel(t("cases.yourReply"), { exact: true }).inputValue()).toBe("");
      });
    });
  }
  it("an agent's note and status typed across an ended session are saved after signing in again and the second step (JavaScript off)", async () => {
    const note = "Called the customer: the meter was read on the 3rd, the estimate stands corrected.";
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      await page.waitForURL((url) => url.pathname === `/staff/cases/${caseId}`);
      await page.getByLabel(t("staff.case.work.note"), { exact: true }).check();
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill(note);
      const status = page.getByLabel(t("staff.case.statusHeading"), { exact: true });
      await status.selectOption("waiting for you");

      await endSessionElsewhere(agent);
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();

      await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("kept") === "note");
      await page.getByText(t("signIn.keptNote")).waitFor();
      // The customer writes while the agent signs in again.
      const meanwhile = "Found the paper bill: the reading on it is the real one.";
      expect(await replyAsCustomer((await findCustomerByLogin(customer.username))!, caseId, meanwhile)).toMatchObject({ ok: true });
      await signInAt(page, portal, page.url().replace(portal.baseUrl, ""), agent);

      await page.waitForURL((url) => url.pathname === `/staff/cases/${caseId}`);
      await page.getByText(t("staff.case.work.restored")).waitFor();
      expect(await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).inputValue()).toBe(note);
      expect(await page.getByLabel(t("staff.case.work.note"), { exact: true }).isChecked()).toBe(true);
      await page.getByText(t("staff.case.work.restoredChoices")).waitFor();
      expect(await status.inputValue()).toBe("waiting for you");
      await expectAxeClean(page, "staff case with the kept note", false);
      // The restored form is the page the note was written on: Save first warns of the reply that came since.
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.work.repliedSince")).waitFor();
      await page.getByText(meanwhile).waitFor();
      // The warning kept the changed status in its select.
      expect(await status.inputValue()).toBe("waiting for you");
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.waitForURL((url) => url.searchParams.get("done") === "noted");
      await page.getByText(note).waitFor();
      expect(await status.inputValue()).toBe("waiting for you");
    });
  });

  it("an agent's kept status, set back before a refused Save, stays set back (JavaScript on)", async () => {
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      await page.waitForURL((url) => url.pathname === `/staff/cases/${caseId}`);
      const status = page.getByLabel(t("staff.case.statusHeading"), { exact: true });
      const asItIs = await status.inputValue();
      await status.selectOption("closed");
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("Closing: the estimate was corrected.");
      await endSessionElsewhere(agent);
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("kept") === "reply");
      await signInAt(page, portal, page.url().replace(portal.baseUrl, ""), agent);
      await page.waitForURL((url) => url.pathname === `/staff/cases/${caseId}`);
      await page.getByText(t("staff.case.work.restoredChoices")).waitFor();
      expect(await status.inputValue()).toBe("closed");

      // The agent changes her mind, and a Save the server refuses (files with no words) redraws the form.
      await status.selectOption(asItIs);
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("");
      await page.getByLabel(t("cases.files"), { exact: true }).setInputFiles({ name: "meter.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.work.filesNeedText")).first().waitFor();
      expect(await status.inputValue()).toBe(asItIs);
    });
  });
});
