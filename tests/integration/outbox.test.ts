import { eq } from "drizzle-orm";
import { advanceClock, HOUR, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { runMailWork } from "@/lib/jobs/worker";
import { deliverDueMail, enqueueMail, listMail, MAX_ATTEMPTS, retryDeadMail } from "@/lib/mail/outbox";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

const message = { template: "test", subject: "Hello", html: "<p>Hello</p>", text: "Hello" };

describe(`the mail outbox, on ${testDatabaseLabel()}`, () => {
  it("keeps mail while the mail server is down and delivers each message exactly once when it is back", async () => {
    const customers = await Promise.all([makeCustomer(), makeCustomer(), makeCustomer()]);
    const port = receiver.port;
    await receiver.stop();

    const started = performance.now();
    for (const customer of customers) await requestPasswordReset(customer.email, freshMeta());
    // The request itself never waits for the mail server.
    expect(performance.now() - started).toBeLessThan(1_000);
    await runMailWork();
    const waiting = await (await db()).select().from(outbox).where(eq(outbox.status, "pending"));
    expect(waiting.length).toBeGreaterThanOrEqual(3);

    await receiver.start(port);
    advanceClock(HOUR);
    await runMailWork();
    await runMailWork();
    for (const customer of customers) {
      await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
      expect(receiver.to(customer.email)).toHaveLength(1);
    }
  });

  it("marks a message dead after the bounded attempts, lists it, and retries it on request", async () => {
    receiver.rejectAll(true);
    const id = await enqueueMail(await db(), "always-fails@example.test", message);
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 2; attempt += 1) {
      await deliverDueMail();
      advanceClock(HOUR);
    }
    const [row] = await (await db()).select().from(outbox).where(eq(outbox.id, id));
    expect(row.status).toBe("dead");
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect((await listMail("dead")).map((dead) => dead.id)).toContain(id);

    receiver.rejectAll(false);
    expect(await retryDeadMail(id)).toBe(true);
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes("always-fails@example.test"));
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
