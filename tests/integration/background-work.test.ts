import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { processResetRequest, requestPasswordReset, RESET_REQUEST_JOB } from "@/lib/auth/password-reset";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { enqueueJob, JOB_MAX_ATTEMPTS, listDeadJobs, runDueJobs } from "@/lib/jobs/queue";
import { createBackgroundWorker } from "@/lib/jobs/worker";
import { deliverDueMail } from "@/lib/mail/outbox";
import { sendContactMessage } from "@/lib/support/contact";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

const database = withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

const POISON = "test.poison";
const TYPED_INPUT = "test.typed-input";
const handlers = {
  [RESET_REQUEST_JOB]: processResetRequest,
  [POISON]: async () => {
    throw new Error("this job always fails");
  },
  // A query that fails on what a visitor typed: PostgreSQL quotes the value in its message.
  [TYPED_INPUT]: async (payload: Record<string, unknown>, tx: Parameters<typeof processResetRequest>[1]) => {
    await tx.execute(sql`select ${String(payload.typed)}::int`);
  },
};

function quietErrors() {
  return jest.spyOn(console, "error").mockImplementation(() => {});
}

describe(`fault: a job that always fails, on ${testDatabaseLabel()} (S47)`, () => {
  it("is set aside with its reason while the requests behind it are mailed", async () => {
    const errors = quietErrors();
    try {
      await enqueueJob(await db(), POISON, { note: "first in line" });
      const customers = await Promise.all(Array.from({ length: 5 }, () => makeCustomer()));
      for (const customer of customers) await requestPasswordReset(customer.email, freshMeta(), "en");
      expect(await sendContactMessage({ name: "Someone", email: "someone@example.test", message: "A message behind a broken job." }, freshMeta(), null)).toBe(true);

      await runDueJobs(handlers);
      await deliverDueMail();
      for (const customer of customers) await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
      await receiver.waitFor((m) => m.envelopeTo.includes("support@example.test"));

      // It waits longer after each failure, then is dead with the reason, never blocking the queue.
      const [waiting] = await (await db()).select().from(jobs).where(eq(jobs.kind, POISON));
      expect(waiting).toMatchObject({ status: "pending", attempts: 1, lastError: "this job always fails" });
      expect(waiting.runAfter.getTime()).toBeGreaterThan(Date.now());
      expect(await runDueJobs(handlers)).toBe(0);
      for (let attempt = 2; attempt <= JOB_MAX_ATTEMPTS; attempt += 1) {
        advanceClock(15 * MINUTE);
        await runDueJobs(handlers);
      }
      expect((await listDeadJobs()).map((job) => job.kind)).toEqual([POISON]);
      expect(errors.mock.calls.some(([line]) => /test\.poison\) failed 6 times and is set aside/.test(String(line)))).toBe(true);
    } finally {
      errors.mockRestore();
    }
  });

  it("keeps no customer input in what it logs", async () => {
    const errors = quietErrors();
    try {
      await enqueueJob(await db(), TYPED_INPUT, { typed: "secret-looking customer text" });
      await runDueJobs(handlers);
      expect(errors).toHaveBeenCalled();
      for (const [line] of errors.mock.calls) expect(String(line)).not.toContain("secret-looking");
      const [stored] = await (await db()).select().from(jobs).where(eq(jobs.kind, TYPED_INPUT));
      expect(stored.lastError).toMatch(/invalid input syntax for type integer/);
      expect(stored.lastError).not.toContain("secret-looking");
    } finally {
      errors.mockRestore();
    }
  });
});

describe(`fault: the background work's own failures, on ${testDatabaseLabel()} (S47)`, () => {
  it("backs off a failing task and logs it once, instead of retrying in a loop", async () => {
    const errors = quietErrors();
    let runs = 0;
    const worker = createBackgroundWorker([
      {
        name: "broken",
        run: async () => {
          runs += 1;
          throw new Error('relation "jobs" does not exist');
        },
      },
    ]);
    try {
      for (let i = 0; i < 50; i += 1) await worker.run();
      expect(runs).toBe(1);
      expect(errors).toHaveBeenCalledTimes(1);
      advanceClock(2_000);
      await worker.run();
      expect(runs).toBe(2);
      // The second failure within the minute is counted, not printed.
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
    }
  });

  it("survives a missing table: the pass fails, is reported, and the worker waits", async () => {
    const errors = quietErrors();
    const worker = createBackgroundWorker([{ name: "jobs", run: () => runDueJobs(handlers) }]);
    try {
      await (await db()).execute(sql`alter table jobs rename to jobs_gone`);
      await expect(worker.run()).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0][0])).toMatch(/\[background\] jobs failed: relation "jobs" does not exist/);
    } finally {
      await (await db()).execute(sql`alter table jobs_gone rename to jobs`);
      errors.mockRestore();
    }
  });
});

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// A row lock needs a second connection holding a transaction, which the embedded database
// (one connection, one transaction at a time) cannot have; this runs on PostgreSQL in CI.
onPostgres(`fault: a row lock held by another transaction, on ${testDatabaseLabel()} (S47)`, () => {
  it("does not stall the queue: the locked customer's job waits, the others are mailed", async () => {
    const locked = await makeCustomer();
    const others = await Promise.all(Array.from({ length: 3 }, () => makeCustomer()));
    await requestPasswordReset(locked.email, freshMeta(), "en");
    for (const customer of others) await requestPasswordReset(customer.email, freshMeta(), "en");

    const holder = postgres(database.current().url!, { max: 1, onnotice: () => {} });
    const errors = quietErrors();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = holder.begin(async (tx) => {
      await tx`select id from customers where id = ${locked.id} for update`;
      await released;
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await runDueJobs(handlers);
      await deliverDueMail();
      for (const customer of others) await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
      expect(receiver.to(locked.email)).toHaveLength(0);
    } finally {
      release();
      await holding;
      await holder.end();
      errors.mockRestore();
    }
    advanceClock(MINUTE);
    await runDueJobs(handlers);
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes(locked.email));
  });
});
