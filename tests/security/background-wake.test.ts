import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { signedInCookie } from "./support/attacker";

/**
 * Issue 24: no page has to remember to start the background work. With the server's timer off
 * (OUTBOX_POLL_SECONDS=0, as on Vercel between cron runs) the only thing that can deliver a mail
 * is the pass the outbox and the job queue start after the response of the request that queued
 * it (lib/jobs/wake). Each flow below goes through a different action; a mail that arrives proves
 * that action's request woke the work.
 */
const customer = { username: "wake_casey", email: "wake.casey@example.test", name: "Casey Wake", password: "wake lantern orchard ridge" };

describe("background work starts from the request that queued it (timer off)", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal([customer], { OUTBOX_POLL_SECONDS: "0" });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  // Generous for a loaded CI machine; the timer is off, so without the wake nothing would ever arrive.
  const SECONDS = 20_000;

  it("a reset request (a job that queues a mail) is mailed without the timer", async () => {
    await postForm(portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", customer.email]]);
    const mail = await portal.receiver.waitFor((m) => m.envelopeTo.includes(customer.email) && /reset/i.test(m.subject ?? ""), SECONDS);
    expect(mail.text).toMatch(/\/reset-password\//);
  });

  it("a new case reaches the customer and the support mailbox without the timer", async () => {
    const cookie = await signedInCookie(portal.baseUrl, customer.username, customer.password, { receiver: portal.receiver, email: customer.email });
    const created = await postForm(portal.baseUrl, "/support/cases/new", "create-case-form", [["subject", "Wake the outbox"], ["category", "question"], ["description", "A case whose mails must go out at once."]], { cookie });
    expect(created.location).toMatch(/\/support\/cases\/\d+/);
    await portal.receiver.waitFor((m) => m.envelopeTo.includes(customer.email) && (m.text ?? "").includes("Wake the outbox"), SECONDS);
    await portal.receiver.waitFor((m) => m.envelopeTo.includes("support@example.test") && (m.text ?? "").includes("Wake the outbox"), SECONDS);
  });

  it("a Contact us message reaches the support mailbox without the timer", async () => {
    await postForm(portal.baseUrl, "/contact", "contact-form", [["name", "Casey Wake"], ["email", customer.email], ["message", "Contact us, delivered by the request's own pass."]]);
    await portal.receiver.waitFor((m) => m.envelopeTo.includes("support@example.test") && (m.text ?? "").includes("delivered by the request's own pass"), SECONDS);
  });
});
