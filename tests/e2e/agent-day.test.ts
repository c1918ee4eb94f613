import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { supportCases } from "@/lib/db/schema";
import { createCase } from "@/lib/support/cases";
import { withBrowser } from "./support/browser";
import { axeViolations, signIn, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 27 in Chromium against the production build: an agent's day. She signs in and lands on the
 * queue, sees the overdue count, opens the overdue case, and replies, sets the status and the
 * priority in one submit; the customer gets one mail and the count goes down. Then she attaches a
 * PDF to a reply, with and without JavaScript, and the customer downloads it.
 */
const customer = { username: "olive", email: "olive@example.test", name: "Olive Owner", password: "olive lantern orchard ridge" };
const agent = { username: "abby", email: "abby@example.test", name: "Abby Agent", password: "abby lantern orchard ridge" };
const t = words("en");
const subject = "My meter reading is twice the usual";

let portal: Portal;
let caseId = 0;
beforeAll(async () => {
  portal = await startPortal([customer, agent], {}, {
    roles: { abby: "agent" },
    // A case the customer opened three days ago, now 20 minutes past its due time.
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      caseId = (await createCase(owner, { subject, category: "not-working", description: "The reading on my last bill is twice the usual one." }, "en")).id;
      const time = Date.now();
      await (await db())
        .update(supportCases)
        .set({ customerWaitingSince: new Date(time - 3 * 86_400_000), dueAt: new Date(time - 20 * 60_000) })
        .where(eq(supportCases.id, caseId));
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectAxeClean(page: Page, where: string) {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

function mailTo(address: string, after: number, pattern: RegExp) {
  return portal.receiver.waitFor((mail) => mail.envelopeTo.includes(address) && portal.receiver.messages.indexOf(mail) >= after && pattern.test(mail.subject ?? ""));
}

describe("an agent's day", () => {
  it("signs in → lands on the queue → sees the overdue count → opens the overdue case → replies, sets status and priority in one submit", async () => {
    await withBrowser({}, async (page) => {
      // Signs in from the sign-in page itself, going nowhere in particular; staff take the second step.
      await page.goto(`${portal.baseUrl}/signin`);
      const before = portal.receiver.messages.length;
      await signIn(page, agent.username, agent.password);
      await page.waitForURL((url) => url.pathname === "/signin/two-step");
      const code = await mailTo(agent.email, before, /code$/);
      await page.getByLabel(t("twoStep.codeLabel"), { exact: true }).fill(code.text!.match(/\b(\d{6})\b/)![1]);
      await page.getByRole("button", { name: t("twoStep.verify") }).click();

      // Lands on the queue, not the customer home page.
      await page.waitForURL((url) => url.pathname === "/staff/cases");
      await page.getByRole("heading", { name: t("staff.queue.title") }).waitFor();
      const counts = page.getByRole("navigation", { name: t("staff.nav.label") }).getByRole("list", { name: t("staff.nav.countsLabel") });
      await counts.getByRole("link", { name: t("staff.nav.counts.overdue", { count: 1 }) }).waitFor();
      await counts.getByRole("link", { name: t("staff.nav.counts.unassigned", { count: 1 }) }).waitFor();
      await expectAxeClean(page, "case queue with counts");

      // The overdue view: the case, red, "Overdue by 20 min".
      await counts.getByRole("link", { name: t("staff.nav.counts.overdue", { count: 1 }) }).click();
      await page.waitForURL((url) => url.searchParams.get("view") === "overdue");
      const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `Case ${caseId}: ${subject}` }) });
      // The badge carries the colour's reason; the words are a <time> holding the exact due time.
      const due = row.locator("[data-due]").filter({ hasText: /^Overdue by \d+ min$/ });
      await due.waitFor();
      expect(await due.getAttribute("data-due")).toBe("overdue");
      expect(await due.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);

      // Opens it, and in one submit replies, waits for the customer, raises the priority and takes it.
      await row.getByRole("link", { name: `Case ${caseId}: ${subject}` }).click();
      await page.getByRole("heading", { name: t("staff.case.heading", { number: caseId, subject }) }).waitFor();
      await expectAxeClean(page, "overdue case page");
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("We are sorry: the reading was wrong. A corrected bill is on its way.");
      await page.locator("#case-work-form").getByLabel(t("staff.case.statusHeading"), { exact: true }).selectOption({ label: t("staff.status.waitingForYou") });
      await page.locator("#case-work-form").getByLabel(t("staff.priority.label"), { exact: true }).selectOption({ label: t("staff.priority.high") });
      await page.locator("#case-work-form").getByLabel(t("staff.case.assignHeading"), { exact: true }).selectOption({ label: t("staff.case.me", { name: agent.name }) });
      const sent = portal.receiver.messages.length;
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.done.replied")).waitFor();

      // All of it happened, and the counts follow.
      const header = page.locator("header").filter({ has: page.getByRole("heading", { name: t("staff.case.heading", { number: caseId, subject }) }) });
      await header.getByText(t("staff.status.waitingForYou"), { exact: true }).waitFor();
      await header.getByText(t("staff.priority.high"), { exact: true }).waitFor();
      await header.getByText(t("staff.case.assignedTo", { name: agent.name })).waitFor();
      await counts.getByRole("link", { name: t("staff.nav.counts.overdue", { count: 0 }) }).waitFor();
      await counts.getByRole("link", { name: t("staff.nav.counts.mine", { count: 1 }) }).waitFor();

      // The customer gets the reply, once.
      const mail = await mailTo(customer.email, sent, new RegExp(`^Case ${caseId}:`));
      expect(mail.text).toContain("A corrected bill is on its way.");
      expect(portal.receiver.messages.slice(sent).filter((message) => message.envelopeTo.includes(customer.email))).toHaveLength(1);
    });
  });

  /** Issue 26 on the staff side: the case form's file field, the customer reply form's own. */
  it.each([true, false])("attaches a PDF to a reply (JavaScript %s), and the customer downloads it", async (javaScriptEnabled) => {
    const name = `statement-${javaScriptEnabled ? "js" : "plain"}.pdf`;
    const pdf = Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
    await withBrowser({ javaScriptEnabled }, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("Your statement is attached.");
      await page.getByLabel(t("cases.files"), { exact: true }).setInputFiles({ name, mimeType: "application/pdf", buffer: pdf });
      if (javaScriptEnabled) await page.getByRole("button", { name: t("cases.removeFile", { name }) }).waitFor();
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.done.replied")).waitFor();
      // The team sees it in the conversation too.
      await page.getByRole("link", { name: new RegExp(`^Download ${name.replace(".", "\\.")} `) }).waitFor();
      if (javaScriptEnabled) await expectAxeClean(page, "case page with a file on the reply");
    });
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, `/support/cases/${caseId}`, customer);
      const link = page.getByRole("link", { name: new RegExp(`^Download ${name.replace(".", "\\.")} `) });
      await link.waitFor();
      const response = await page.request.get(new URL((await link.getAttribute("href"))!, portal.baseUrl).toString());
      expect(response.status()).toBe(200);
      expect(response.headers()["content-disposition"]).toMatch(new RegExp(`^attachment; filename="${name}"`));
      expect(Buffer.from(await response.body()).equals(pdf)).toBe(true);
    });
  });

  it("a note on a case still assigned to someone no longer on the team leaves that assignee as it is", async () => {
    // The assignee left the team after taking the case (here: a customer's account holds it).
    const former = (await findCustomerByLogin(customer.username))!;
    await (await db()).update(supportCases).set({ assignedTo: former.id }).where(eq(supportCases.id, caseId));
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, `/staff/cases/${caseId}`, agent);
      // The select shows who holds the case; without that option it would show Nobody, and Save would apply it.
      const assignee = page.locator("#case-work-form").getByLabel(t("staff.case.assignHeading"), { exact: true });
      expect(await assignee.locator("option:checked").textContent()).toBe(t("staff.case.formerMember", { name: customer.name }));
      await page.getByLabel(t("staff.case.work.note"), { exact: true }).check();
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("Olive's old ticket: asked the depot.");
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.done.noted")).waitFor();
    });
    const [row] = await (await db()).select({ assignedTo: supportCases.assignedTo }).from(supportCases).where(eq(supportCases.id, caseId));
    expect(row.assignedTo).toBe(former.id);
  });
});
