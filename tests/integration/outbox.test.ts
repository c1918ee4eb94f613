import { eq } from "drizzle-orm";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { advanceClock, DAY, HOUR, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { deliverDueMail, enqueueMail, listMail, retryDeadMail } from "@/lib/mail/outbox";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(() => {
  resetClock();
  receiver.rejectAll(false);
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
      const started = performance.now();
      for (const customer of customers) await requestPasswordReset(customer.email, freshMeta(), "en");
      // The request itself never waits for the mail server.
      expect(performance.now() - started).toBeLessThan(1_000);
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
