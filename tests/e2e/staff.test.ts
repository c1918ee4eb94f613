import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 15 in Chromium against the production build: a customer and the support team work a case
 * from creation to closing, with the mails checked at the SMTP receiver; every staff page is axe
 * clean; the staff screens work without JavaScript; customers and signed-out visitors get nothing.
 */
const customer = { username: "casey", email: "casey@example.test", name: "Casey Customer", password: "casey lantern orchard ridge" };
const agent = { username: "agatha", email: "agatha@example.test", name: "Agatha Agent", password: "agatha lantern orchard ridge" };
const admin = { username: "adam", email: "adam@example.test", name: "Adam Admin", password: "adam lantern orchard ridge" };
const visitorWithAccount = { username: "vera", email: "vera@example.test", name: "Vera Visitor", password: "vera lantern orchard ridge" };
const t = words("en");

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer, agent, admin, visitorWithAccount], {}, { roles: { agatha: "agent", adam: "admin" } });
});
afterAll(async () => {
  await portal?.stop();
});

async function expectAxeClean(page: Page, where: string) {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

function mailTo(address: string, after: number, subject: string | RegExp) {
  return portal.receiver.waitFor(
    (mail) => mail.envelopeTo.includes(address) && portal.receiver.messages.indexOf(mail) >= after && (typeof subject === "string" ? mail.subject === subject : subject.test(mail.subject ?? "")),
  );
}

describe("the support team's side", () => {
  it("a customer creates a case, an agent replies, the customer reads it and answers, the agent closes it — with every mail", async () => {
    await withBrowser({}, (staffPage) =>
      withBrowser({}, async (page) => {
        // The customer creates a case.
        await signInAt(page, portal, "/support/cases/new", customer);
        await page.getByRole("heading", { name: t("cases.create") }).waitFor();
        await page.getByLabel(t("cases.subject")).fill("My confirmation email never came");
        await page.getByLabel(t("cases.category")).selectOption({ label: t("cases.categories.not-working") });
        await page.getByLabel(t("cases.description")).fill("I changed my tariff on Monday and no confirmation email has arrived.");
        await page.getByRole("button", { name: t("cases.create") }).click();
        const heading = page.getByRole("heading", { name: /Case \d+: My confirmation email never came/ });
        await heading.waitFor();
        const caseId = Number(/Case (\d+)/.exec((await heading.textContent()) ?? "")![1]);
        expect(await page.getByRole("banner").getByRole("link", { name: t("shell.staff") }).count()).toBe(0);

        // The agent signs in from /staff and finds it in the queue, with the customer waiting.
        await signInAt(staffPage, portal, "/staff", agent);
        await staffPage.getByRole("heading", { name: t("staff.queue.title") }).waitFor();
        await expectAxeClean(staffPage, "case queue");
        const row = staffPage.getByRole("listitem").filter({ has: staffPage.getByRole("link", { name: `Case ${caseId}: My confirmation email never came` }) });
        await row.getByText(/Customer waiting/).waitFor();
        await row.getByText(t("staff.queue.customer", { name: customer.name, email: customer.email })).waitFor();
        await staffPage.getByRole("banner").getByRole("link", { name: t("shell.staff") }).waitFor();

        await row.getByRole("link", { name: `Case ${caseId}: My confirmation email never came` }).click();
        await staffPage.getByRole("heading", { name: t("staff.case.heading", { number: caseId, subject: "My confirmation email never came" }) }).waitFor();
        await expectAxeClean(staffPage, "case page");

        // It takes the case and replies, "waiting for the customer", in one submit (issue 27).
        await staffPage.locator("#case-work-form").getByLabel(t("staff.case.assignHeading"), { exact: true }).selectOption({ label: t("staff.case.me", { name: agent.name }) });
        await staffPage.locator("#case-work-form").getByLabel(t("staff.case.statusHeading"), { exact: true }).selectOption({ label: t("staff.status.waitingForYou") });
        let before = portal.receiver.messages.length;
        await staffPage.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("We have sent it again.\nCould you check your spam folder? See https://example.test/help/spam.");
        await staffPage.getByRole("button", { name: t("staff.case.work.submit") }).click();
        await staffPage.getByText(t("staff.case.done.replied")).waitFor();
        await expectAxeClean(staffPage, "case page after a reply");

        // The customer's mail: the reply, and the way back to the case.
        const replyMail = await mailTo(customer.email, before, t("emails.caseReply.subject", { number: caseId }));
        expect(replyMail.text).toContain("We have sent it again.\nCould you check your spam folder?");
        const caseLink = `${portal.baseUrl}/support/cases/${caseId}`;
        expect(replyMail.text).toContain(caseLink);
        expect(replyMail.text).toContain(t("emails.caseReply.waitingForYou"));

        // The customer reads it under My cases: text, with the address a safe link.
        await page.goto(caseLink);
        await page.getByText(t("cases.waitingForYouNotice")).waitFor();
        await page.getByText(t("cases.events.replyFromSupport")).waitFor();
        const link = page.getByRole("link", { name: "https://example.test/help/spam" });
        expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
        expect(await page.getByText(agent.username).count()).toBe(0);
        await expectAxeClean(page, "customer's case page with a reply");

        // The customer answers: the case goes back to the agent, who is told by mail.
        before = portal.receiver.messages.length;
        await page.getByLabel(t("cases.yourReply")).fill("Found it in the spam folder, thank you!");
        await page.getByRole("button", { name: t("cases.sendReply") }).click();
        await page.getByText(t("cases.repliedNotice")).waitFor();
        const agentMail = await mailTo(agent.email, before, t("emails.caseCustomerReply.subject", { number: caseId, name: customer.name }));
        expect(agentMail.text).toContain("Found it in the spam folder, thank you!");
        expect(agentMail.text).toContain(`${portal.baseUrl}/staff/cases/${caseId}`);

        // The agent sees the answer, leaves an internal note, and closes the case.
        await staffPage.goto(`${portal.baseUrl}/staff/cases/${caseId}`);
        await staffPage.getByText("Found it in the spam folder, thank you!").waitFor();
        before = portal.receiver.messages.length;
        await staffPage.getByLabel(t("staff.case.work.note")).check();
        await staffPage.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("Spam filter again: raise with the mail team.");
        await staffPage.locator("#case-work-form").getByLabel(t("staff.case.statusHeading"), { exact: true }).selectOption({ label: t("staff.status.closed") });
        await staffPage.getByRole("button", { name: t("staff.case.work.submit") }).click();
        await staffPage.getByText(t("staff.case.done.noted")).waitFor();
        const closedMail = await mailTo(customer.email, before, `Case ${caseId} is now closed`);
        expect(closedMail.text).toContain(caseLink);

        // The customer sees it closed, without the note, and can no longer reply.
        await page.goto(caseLink);
        await page.getByText(t("cases.events.status", { status: t("cases.status.closed") })).waitFor();
        expect(await page.getByText("Spam filter again").count()).toBe(0);
        expect(await page.getByLabel(t("cases.yourReply")).count()).toBe(0);
        expect(await page.content()).not.toContain("Spam filter again");
        await expectAxeClean(page, "customer's closed case");
      }),
    );
  });

  it("works the Contact us inbox and Customers without JavaScript, and every staff page is axe clean", async () => {
    // A visitor (not signed in) writes with the address of an existing account.
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${portal.baseUrl}/contact`);
      await page.getByLabel(t("contact.yourName")).fill(visitorWithAccount.name);
      await page.getByLabel(t("contact.yourEmail")).fill(visitorWithAccount.email);
      await page.getByLabel(t("contact.message"), { exact: true }).fill("Can I get my bills on paper again?");
      await page.getByRole("button", { name: t("contact.send") }).click();
      await page.getByText(t("contact.sent")).waitFor();
    });

    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signInAt(page, portal, "/staff/contact", agent);
      await page.getByRole("heading", { name: t("staff.inbox.title") }).waitFor();
      await page.getByRole("link", { name: new RegExp(`^Message \\d+ from ${visitorWithAccount.name}$`) }).click();
      await page.getByText(t("staff.contact.unverified")).waitFor();

      // Answer by mail: it reaches the address the message came from, and the message is handled.
      let before = portal.receiver.messages.length;
      await page.getByLabel(t("staff.contact.answerLabel"), { exact: true }).fill("Yes: choose paper bills under Account.");
      await page.getByRole("button", { name: t("staff.contact.answerSubmit") }).click();
      await page.getByText(t("staff.contact.done.replied")).waitFor();
      const answer = await mailTo(visitorWithAccount.email, before, /^Our answer to your message \d+$/);
      expect(answer.text).toContain("Yes: choose paper bills under Account.");
      expect(answer.text).toContain("Can I get my bills on paper again?");
      await page.getByRole("button", { name: t("staff.contact.markNotHandled") }).click();
      await page.getByText(t("staff.contact.done.reopened")).waitFor();

      // Turn it into a case on Vera's account: she gets the usual confirmation.
      before = portal.receiver.messages.length;
      await page.getByLabel(t("cases.subject")).fill("Paper bills");
      await page.getByLabel(t("cases.category")).selectOption({ label: t("cases.categories.request") });
      await page.getByRole("button", { name: t("staff.contact.makeCaseSubmit") }).click();
      await page.getByText(t("staff.case.done.fromMessage")).waitFor();
      await page.getByText("Can I get my bills on paper again?").waitFor();
      await mailTo(visitorWithAccount.email, before, /^We have your case \d+$/);

      // The case page's one form works without JavaScript too: a note, a status and a priority at once.
      await page.getByLabel(t("staff.case.work.note")).check();
      await page.getByLabel(t("staff.case.work.textLabel"), { exact: true }).fill("Paper bills cost extra: tell her.");
      await page.locator("#case-work-form").getByLabel(t("staff.case.statusHeading"), { exact: true }).selectOption({ label: t("staff.status.inProgress") });
      await page.locator("#case-work-form").getByLabel(t("staff.priority.label"), { exact: true }).selectOption({ label: t("staff.priority.high") });
      await page.getByRole("button", { name: t("staff.case.work.submit") }).click();
      await page.getByText(t("staff.case.done.noted")).waitFor();
      await page.getByText(t("staff.priority.high"), { exact: true }).first().waitFor();
      await page.getByText("Paper bills cost extra: tell her.").waitFor();

      // An agent reads Customers (issue 27), without the admins' actions.
      await page.getByRole("navigation", { name: t("staff.nav.label") }).getByRole("link", { name: t("staff.nav.customers") }).click();
      await page.getByRole("heading", { name: t("staff.customers.title") }).waitFor();
      await page.getByLabel(t("staff.customers.search")).fill("vera@");
      await page.getByRole("button", { name: t("staff.customers.find") }).click();
      await page.getByRole("link", { name: t("staff.customers.customerLink", { name: visitorWithAccount.name, username: visitorWithAccount.username }) }).click();
      await page.getByRole("heading", { name: t("staff.customer.heading", { name: visitorWithAccount.name, username: visitorWithAccount.username }) }).waitFor();
      expect(await page.getByRole("heading", { name: t("staff.customer.actions") }).count()).toBe(0);
      expect(await page.locator("form#role-form, form#disable-form, form#reset-link-form, form#reset-two-step-form").count()).toBe(0);
    });

    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await signInAt(page, portal, "/staff/customers", admin);
      await page.getByRole("heading", { name: t("staff.customers.title") }).waitFor();
      await page.getByLabel(t("staff.customers.search")).fill("vera@");
      await page.getByRole("button", { name: t("staff.customers.find") }).click();
      await page.getByRole("link", { name: t("staff.customers.customerLink", { name: visitorWithAccount.name, username: visitorWithAccount.username }) }).click();
      await page.getByRole("heading", { name: t("staff.customer.heading", { name: visitorWithAccount.name, username: visitorWithAccount.username }) }).waitFor();

      const before = portal.receiver.messages.length;
      await page.getByRole("button", { name: t("staff.customer.sendReset") }).click();
      await page.getByText(t("staff.customer.done.resetSent", { email: visitorWithAccount.email })).waitFor();
      const reset = await mailTo(visitorWithAccount.email, before, /password/i);
      expect(reset.text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);

      await page.getByLabel(t("staff.customer.roleLabel")).selectOption({ label: t("staff.roles.agent") });
      await page.getByRole("button", { name: t("staff.customer.saveRole") }).click();
      await page.getByText(t("staff.customer.done.role")).waitFor();
      await page.getByRole("button", { name: t("staff.customer.disable") }).click();
      await page.getByText(t("staff.customer.done.disabled")).waitFor();
      await page.getByRole("button", { name: t("staff.customer.enable") }).click();
      await page.getByText(t("staff.customer.done.enabled")).waitFor();
      await page.getByText(t("staff.auditEvents.password_reset_sent_by_staff")).waitFor();
      await page.getByText(t("staff.auditEvents.customer_disabled")).waitFor();
    });

    // axe needs JavaScript in the page: the same HTML, checked with it on.
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, "/staff/cases", admin);
      await page.getByRole("heading", { name: t("staff.queue.title") }).waitFor();
      await expectAxeClean(page, "case queue, filtered");
      for (const [path, heading] of [
        ["/staff/cases?status=all&q=Paper", t("staff.queue.title")],
        ["/staff/contact?show=all", t("staff.inbox.title")],
        ["/staff/customers", t("staff.customers.title")],
      ] as const) {
        await page.goto(`${portal.baseUrl}${path}`);
        await page.getByRole("heading", { name: heading }).waitFor();
        await expectAxeClean(page, path);
      }
      await page.goto(`${portal.baseUrl}/staff/contact?show=all`);
      await page.getByRole("link", { name: new RegExp(`^Message \\d+ from ${visitorWithAccount.name}$`) }).click();
      await page.getByRole("heading", { name: new RegExp(`^Message \\d+ from ${visitorWithAccount.name}$`) }).waitFor();
      await expectAxeClean(page, "inbox message");
      await page.goto(`${portal.baseUrl}/staff/customers?q=vera`);
      await page.getByRole("link", { name: t("staff.customers.customerLink", { name: visitorWithAccount.name, username: visitorWithAccount.username }) }).click();
      await page.getByRole("heading", { name: t("staff.customer.events") }).waitFor();
      await expectAxeClean(page, "customer page");
    });
  });

  it("answers a customer at every staff address with 404, and sends a signed-out visitor to Sign in", async () => {
    const paths = ["/staff", "/staff/cases", "/staff/cases/1", "/staff/contact", "/staff/contact/1", "/staff/customers", "/staff/customers/00000000-0000-4000-8000-000000000000"];
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      for (const path of paths) {
        await page.goto(`${portal.baseUrl}${path}`);
        expect(new URL(page.url()).pathname).toBe("/signin");
      }
      await signInAt(page, portal, "/signin", customer);
      await page.getByRole("heading", { name: t("home.welcome", { name: customer.name }) }).waitFor();
      for (const path of paths) {
        const response = await page.goto(`${portal.baseUrl}${path}`);
        expect({ path, status: response!.status() }).toEqual({ path, status: 404 });
        // Nothing of the staff screens is in the answer: not their navigation, not their words.
        const html = await page.content();
        const staffTitles = ["queue", "case", "inbox", "contact", "customers", "customer"].map((screen) => `${t(`staff.${screen}.title`)} |`);
        const title = await page.title();
        expect({ path, notFound: html.includes(t("notFound.heading")), staffWords: html.includes(t("staff.nav.contact")), staffTitle: staffTitles.some((name) => title.startsWith(name)) }).toEqual({
          path,
          notFound: true,
          staffWords: false,
          staffTitle: false,
        });
      }
    });
  });
});
