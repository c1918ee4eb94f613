import { and, eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { auditLog, customers, jobs, outbox, passwordResetTokens } from "@/lib/db/schema";
import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal, type PortalInstance } from "../e2e/support/portal-server";

/**
 * Attack: many requests at once, over HTTP, on two instances of the production build sharing one
 * PostgreSQL database (S18, S27, S28, S45). The limits are counted in single statements before the
 * expensive work, so no burst gets past them however it is spread.
 */
const target = { username: "burst", email: "burst@example.test", name: "Burst", password: "burst lantern orchard ridge" };
const mailed = { username: "mailed", email: "mailed@example.test", name: "Mailed", password: "mailed lantern orchard ridge" };

let portal: Portal;
let second: PortalInstance;
beforeAll(async () => {
  // The per-IP limit is raised so that the account's own lock is what refuses the right password.
  portal = await startPortal([target, mailed], { RATE_LIMIT_SCALE: "100" });
  second = await portal.startInstance();
});
afterAll(async () => {
  await portal?.stop();
});

const signInPost = (instance: PortalInstance, username: string, password: string) =>
  postForm(instance.baseUrl, "/signin", "signin-form", [["username", username], ["password", password]]);

describe("attack: a burst of wrong passwords at one account, split over two instances", () => {
  it("verifies exactly 5 of 40 and refuses the right password that follows", async () => {
    const burst = Array.from({ length: 40 }, (_, i) => signInPost(i % 2 ? second : portal, target.username, "a wrong guess in a burst"));
    const answers = await Promise.all(burst);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const [row] = await (await db()).select().from(customers).where(eq(customers.username, target.username));
    const [{ checked }] = await (await db())
      .select({ checked: sql<number>`count(*)`.mapWith(Number) })
      .from(auditLog)
      .where(and(eq(auditLog.customerId, row.id), eq(auditLog.event, "sign_in_failed"), sql`(${auditLog.details}->>'checked')::boolean`));
    expect(checked).toBe(5);
    expect(row.failedSignIns).toBe(5);
    const right = await signInPost(portal, target.username, target.password);
    expect(right.status).toBe(200);
    expect(right.body).toContain("Invalid username or password.");
  });
});

describe("attack: a flood of \"Forgot your password?\" for one customer on two instances", () => {
  it("mails at most 3 links in the hour, leaves one live link, and records every mail that went out (S12, S45, S47)", async () => {
    const requests = Array.from({ length: 8 }, (_, i) =>
      postForm(i % 2 ? second.baseUrl : portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", mailed.email]], {
        headers: { "x-forwarded-for": `203.0.113.${i}` },
      }),
    );
    for (const answer of await Promise.all(requests)) expect(answer.location).toBe("/forgot-password/sent");
    await portal.receiver.waitFor((m) => m.envelopeTo.includes(mailed.email));
    // Both instances work through their jobs and mail: count once nothing for this customer is
    // still waiting or being sent (polled, with a deadline; each request's job runs right after it).
    const mailsOf = async () => (await db()).select().from(outbox).where(eq(outbox.recipient, mailed.email));
    const deadline = Date.now() + 30_000;
    // Jobs first: once none waits, no new mail can be queued, so the mail read after it is complete.
    const look = async () => {
      const jobsWaiting = (await (await db()).select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, "password-reset.request"), eq(jobs.status, "pending")))).length;
      return { jobsWaiting, mails: await mailsOf() };
    };
    let seen = await look();
    while ((seen.jobsWaiting > 0 || seen.mails.some((mail) => mail.status === "pending")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await look();
    }
    const mails = seen.mails;
    expect({ jobs: seen.jobsWaiting, waitingMail: mails.filter((mail) => mail.status === "pending").length }).toEqual({ jobs: 0, waitingMail: 0 });
    const [customer] = await (await db()).select().from(customers).where(eq(customers.email, mailed.email));
    const links = await (await db()).select().from(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id));
    expect(links).toHaveLength(1);
    expect(mails.length).toBeLessThanOrEqual(3);
    expect(portal.receiver.to(mailed.email).length).toBeLessThanOrEqual(mails.filter((mail) => mail.status === "sent").length);
  });
});
