import { and, eq, inArray } from "drizzle-orm";
import { processResetRequest, requestPasswordReset, RESET_REQUEST_JOB } from "@/lib/auth/password-reset";
import { advanceClock, DAY, HOUR, MINUTE, now, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { jobs, outbox } from "@/lib/db/schema";
import { runDueJobs } from "@/lib/jobs/queue";
import { deliverDueMail, LINK_RETRY_CAP_MS, MAIL_LANES } from "@/lib/mail/delivery";
import { enqueueMail, listMail, mailCounts, oldestWaitingMailAge, retryDeadMail } from "@/lib/mail/outbox";
import { mailTransport } from "@/lib/mail/transport";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(() => {
  resetClock();
  receiver.rejectAll(false);
  receiver.delayAccepting(0);
});

const message = { template: "test", subject: "Hello", html: "<p>Hello</p>", text: "Hello" };

async function row(id: number) {
  const [found] = await (await db()).select().from(outbox).where(eq(outbox.id, id));
  return found;
}

describe(`fault: the mail server goes away, on ${testDatabaseLabel()} (S44, S47)`, () => {
  it("keeps mail while the mail server is down and delivers each message exactly once when it is back", async () => {
    const customers = await Promise.all([makeCustomer(), makeCustomer(), makeCustomer()]);
    const port = receiver.port;
    await receiver.stop();
    try {
      const pendingResets = async () => (await (await db()).select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, RESET_REQUEST_JOB), eq(jobs.status, "pending")))).length;
      const pendingBefore = await pendingResets();
      for (const customer of customers) await requestPasswordReset(customer.email, freshMeta(), "en");
      // The request itself never waits for the mail server: it only queues a job, and nothing has been
      // mailed or put in the outbox when it returns. (Its time said nothing: a stopped server refuses
      // at once, and on a busy machine three requests can take more than a second.)
      const emails = customers.map((customer) => customer.email);
      expect(await (await db()).select({ id: outbox.id }).from(outbox).where(inArray(outbox.recipient, emails))).toEqual([]);
      expect(await pendingResets()).toBe(pendingBefore + 3);
      await backgroundWork().run();
      const waiting = await (await db()).select().from(outbox).where(eq(outbox.status, "pending"));
      expect(waiting.length).toBeGreaterThanOrEqual(3);
    } finally {
      await receiver.start(port);
    }
    advanceClock(5 * 60_000);
    await deliverDueMail();
    for (const customer of customers) {
      await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
      expect(receiver.to(customer.email)).toHaveLength(1);
    }
  });

  it("retries a message the mail server refuses with 4xx and delivers it once it accepts", async () => {
    receiver.rejectAll(true);
    const id = await enqueueMail(await db(), "busy-then-fine@example.test", message);
    await deliverDueMail();
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("Mailbox busy") });
    receiver.rejectAll(false);
    advanceClock(HOUR);
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes("busy-then-fine@example.test"));
    expect(await row(id)).toMatchObject({ status: "sent", html: null, text: null });
  });

  it("keeps trying a security notice for a whole day before it is dead, then lists it and retries it on request", async () => {
    receiver.rejectAll(true);
    const id = await enqueueMail(await db(), "always-fails@example.test", message);
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (let hours = 0; hours < 23; hours += 1) {
        await deliverDueMail();
        advanceClock(HOUR);
      }
      expect((await row(id)).status).toBe("pending");
      advanceClock(2 * HOUR);
      await deliverDueMail();
      expect((await row(id)).status).toBe("dead");
      // The operator hears of it at error level, once.
      expect(errors.mock.calls.filter(([line]) => String(line).includes(`message ${id} `) && String(line).includes("dead"))).toHaveLength(1);
    } finally {
      errors.mockRestore();
    }
    expect((await listMail("dead")).map((dead) => dead.id)).toContain(id);
    receiver.rejectAll(false);
    expect(await retryDeadMail(id)).toBe(true);
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes("always-fails@example.test"));
  });

  it("sends a retried message with the Message-ID it was given first, so a receiver can drop a copy", async () => {
    receiver.rejectAll(true);
    const id = await enqueueMail(await db(), "same-id@example.test", message);
    await deliverDueMail();
    receiver.rejectAll(false);
    advanceClock(DAY / 2);
    await deliverDueMail();
    const mail = await receiver.waitFor((m) => m.envelopeTo.includes("same-id@example.test"));
    expect(mail.messageId).toBe((await row(id)).messageId);
  });

  it("lets two workers drain at once without sending a message twice", async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => `parallel-${i}@example.test`);
    for (const recipient of recipients) await enqueueMail(await db(), recipient, message);
    await Promise.all([deliverDueMail(), deliverDueMail(), deliverDueMail()]);
    for (const recipient of recipients) {
      await receiver.waitFor((m) => m.envelopeTo.includes(recipient));
      expect(receiver.to(recipient)).toHaveLength(1);
    }
  });
});

describe(`reset mail in a long mail-server outage, on ${testDatabaseLabel()} (issue 23, S47)`, () => {
  const handlers = { [RESET_REQUEST_JOB]: processResetRequest };

  async function resetRow(email: string) {
    const [found] = await (await db()).select().from(outbox).where(and(eq(outbox.recipient, email), eq(outbox.template, "reset-password")));
    return found;
  }

  /** The outbox's timer, a minute at a time, while the mail server refuses everything. */
  async function outage(minutes: number, email: string) {
    receiver.rejectAll(true);
    const gaps: number[] = [];
    for (let minute = 0; minute < minutes; minute += 1) {
      await deliverDueMail();
      const waiting = await resetRow(email);
      if (waiting.status === "pending") gaps.push(waiting.nextAttemptAt.getTime() - now().getTime());
      advanceClock(MINUTE);
    }
    receiver.rejectAll(false);
    return gaps;
  }

  it("keeps trying at least every five minutes and delivers the link when the mail server is back 45 minutes later", async () => {
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta(), "en");
    // The outage has begun when the job runs (and tries the mail it queued at once).
    receiver.rejectAll(true);
    await runDueJobs(handlers);
    const gaps = await outage(45, customer.email);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(LINK_RETRY_CAP_MS);
    expect((await resetRow(customer.email)).status).toBe("pending");
    for (let minute = 0; minute <= 5 && receiver.to(customer.email).length === 0; minute += 1) {
      await deliverDueMail();
      advanceClock(MINUTE);
    }
    await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
    expect(await resetRow(customer.email)).toMatchObject({ status: "sent" });
  });

  it("is superseded only once its link has expired, and the operator's counts say so", async () => {
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta(), "en");
    // The outage has begun when the job runs (and tries the mail it queued at once).
    receiver.rejectAll(true);
    await runDueJobs(handlers);
    await outage(59, customer.email);
    expect((await resetRow(customer.email)).status).toBe("pending");
    const before = await mailCounts();
    await outage(2, customer.email);
    expect((await resetRow(customer.email)).status).toBe("superseded");
    expect(receiver.to(customer.email)).toHaveLength(0);
    expect((await mailCounts()).superseded).toBe(before.superseded + 1);
  });
});

describe(`bounded concurrency, on ${testDatabaseLabel()} (issue 23)`, () => {
  it("sends several messages at once, never more than its lanes, each once", async () => {
    const recipients = Array.from({ length: 10 }, (_, i) => `lane-${i}@example.test`);
    for (const recipient of recipients) await enqueueMail(await db(), recipient, message);
    // A wedge shows as the age of the oldest waiting message (for the readiness check).
    advanceClock(10 * MINUTE);
    expect(await oldestWaitingMailAge()).toBeGreaterThanOrEqual(600);
    receiver.mostAtOnce = 0;
    receiver.delayAccepting(300);
    await deliverDueMail();
    for (const recipient of recipients) expect(receiver.to(recipient)).toHaveLength(1);
    expect(receiver.mostAtOnce).toBeGreaterThan(1);
    expect(receiver.mostAtOnce).toBeLessThanOrEqual(MAIL_LANES);
  });
});

describe(`a newer message arriving while an older one is being sent, on ${testDatabaseLabel()} (issue 23, S47)`, () => {
  it("records the older one as sent — it was delivered — and sends the newer one too; the rows count what customers received", async () => {
    const recipient = "mid-send@example.test";
    const key = "password-reset:mid-send";
    const older = await enqueueMail(await db(), recipient, { ...message, subject: "Older link" }, { supersedeKey: key });
    // The real SMTP transport; the newer request comes while the older message is with it.
    const smtp = mailTransport();
    let newer: number | undefined;
    await deliverDueMail({
      send: async (mail) => {
        newer ??= await enqueueMail(await db(), recipient, { ...message, subject: "Newer link" }, { supersedeKey: key });
        await smtp.send(mail);
      },
    });
    expect((await row(older)).status).toBe("sent");
    await deliverDueMail();
    expect((await row(newer!)).status).toBe("sent");
    expect(receiver.to(recipient).map((mail) => mail.subject).sort()).toEqual(["Newer link", "Older link"]);
  });
});
