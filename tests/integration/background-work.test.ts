import { DrizzleQueryError, eq, sql } from "drizzle-orm";
import { processResetRequest, requestPasswordReset, RESET_REQUEST_JOB } from "@/lib/auth/password-reset";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { jobs, outbox } from "@/lib/db/schema";
import { enqueueJob, JOB_MAX_ATTEMPTS, listDeadJobs, runDueJobs } from "@/lib/jobs/queue";
import { createBackgroundWorker } from "@/lib/jobs/worker";
import { deliverDueMail } from "@/lib/mail/delivery";
import { writeKeptOutcomes } from "@/lib/mail/kept-outcomes";
import { enqueueMail, oldestWaitingMailAge } from "@/lib/mail/outbox";
import { backgroundWork } from "@/lib/server/background-work";
import { sendContactMessage } from "@/lib/support/contact";
import { freshMeta, makeCustomer } from "../support/customers";
import { holdInTransaction } from "../support/held-transaction";
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

  it("tries a task that could not reach the database again at the next pass a second later, however often it failed, while another failure's wait doubles — a mail server's refused connection too (F7)", async () => {
    const errors = quietErrors();
    let unreachableRuns = 0;
    let brokenRuns = 0;
    let smtpRuns = 0;
    const worker = createBackgroundWorker([
      {
        name: "database away",
        run: async () => {
          unreachableRuns += 1;
          // What a statement gives while PostgreSQL restarts: postgres.js's refused connection, wrapped by Drizzle.
          const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: 5432 });
          throw new DrizzleQueryError("select 1", [], refused);
        },
      },
      {
        name: "mail server away",
        run: async () => {
          smtpRuns += 1;
          // What nodemailer gives when the SMTP server refuses: the same socket code, on the same host, not the database's.
          throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1025"), { code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: 1025 });
        },
      },
      {
        name: "a broken pass",
        run: async () => {
          brokenRuns += 1;
          throw new Error('relation "jobs" does not exist');
        },
      },
    ]);
    try {
      // Eight seconds of passes, one a second (the server's timer): the doubling wait would try
      // the first task at 0, 1, 3 and 7 s and then not before 15 s.
      for (let second = 0; second < 8; second += 1) {
        await worker.run();
        await worker.run();
        advanceClock(1_000);
      }
      expect(unreachableRuns).toBe(8);
      expect(brokenRuns).toBe(4);
      expect(smtpRuns).toBe(4);
      // Logged once each, not once a try.
      expect(errors).toHaveBeenCalledTimes(3);
    } finally {
      errors.mockRestore();
    }
  });

  it("abandons a task that hangs, logs it, and runs the next pass without waiting for it", async () => {
    const errors = quietErrors();
    let hungRuns = 0;
    let otherRuns = 0;
    const worker = createBackgroundWorker(
      [
        { name: "stuck", run: () => ((hungRuns += 1), new Promise<never>(() => {})) },
        { name: "other", run: async () => (otherRuns += 1) },
      ],
      { taskDeadlineMs: 200 },
    );
    try {
      await worker.run();
      expect(otherRuns).toBe(1);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0][0])).toMatch(/\[background\] stuck failed: stuck did not finish within 0 s; the pass was abandoned/);
      await worker.run();
      expect(otherRuns).toBe(2);
      advanceClock(2_000);
      await worker.run();
      expect(hungRuns).toBe(2);
      expect(otherRuns).toBe(3);
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
// Said in the skipped tests' names on the embedded database, so a skip explains itself.
const postgresOnly = process.env.TEST_DATABASE_URL ? "" : " — skipped: PGlite has one connection, so no second transaction can hold a row";

// A row lock needs a second connection holding a transaction, which the embedded database
// (one connection, one transaction at a time) cannot have; this runs on PostgreSQL in CI.
onPostgres(`fault: a row lock held by another transaction, on ${testDatabaseLabel()} (S47)${postgresOnly}`, () => {
  it("does not stall the queue: the locked customer's job waits, the others are mailed", async () => {
    const locked = await makeCustomer();
    const others = await Promise.all(Array.from({ length: 3 }, () => makeCustomer()));
    await requestPasswordReset(locked.email, freshMeta(), "en");
    for (const customer of others) await requestPasswordReset(customer.email, freshMeta(), "en");

    const hold = holdInTransaction(database.current().url!, (sql) => sql`select id from customers where id = ${locked.id} for update`);
    const errors = quietErrors();
    try {
      // The jobs run once the row is locked (not after a guessed pause, which a busy machine outlasts).
      await hold.isHeld;
      await runDueJobs(handlers);
      await deliverDueMail();
      for (const customer of others) await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
      expect(receiver.to(locked.email)).toHaveLength(0);
    } finally {
      await hold.release();
      errors.mockRestore();
    }
    advanceClock(MINUTE);
    await runDueJobs(handlers);
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes(locked.email));
  });
});

/** Opens a transaction on a second connection that holds one outbox row until released (an operator's BEGIN; SELECT … FOR UPDATE). */
function holdOutboxRow(url: string, id: number) {
  return holdInTransaction(url, (sql) => sql`select id from outbox where id = ${id} for update`);
}

describe(`fault: a mail's lease lapses while it is being sent, on ${testDatabaseLabel()} (issue 23, S47)`, () => {
  it("does not write this instance's failure over the lease of the instance that claimed it since", async () => {
    const id = await enqueueMail(await db(), "lapsed-lease@example.test", { template: "test", subject: "Lapsed", html: "<p>Lapsed</p>", text: "Lapsed" });
    const othersLease = new Date(Date.now() + 10 * MINUTE);
    // The mail server answers only after this instance's lease has lapsed and another instance has
    // claimed the message (as its claim writes it), and then with a failure.
    const lateFailure = {
      send: async () => {
        await (await db()).update(outbox).set({ lockedBy: "another-instance", lockedUntil: othersLease, attempts: sql`${outbox.attempts} + 1` }).where(eq(outbox.id, id));
        throw Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 });
      },
    };
    const errors = quietErrors();
    try {
      expect(await deliverDueMail(lateFailure, 1)).toBe(1);
    } finally {
      errors.mockRestore();
    }
    const [row] = await (await db()).select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "pending", lockedBy: "another-instance", lockedUntil: othersLease, lastError: null, attempts: 2 });
    expect(await writeKeptOutcomes()).toBe(0);
  });
});

// Needs a second connection holding a transaction; the embedded database has one connection.
onPostgres(`fault: an outbox row held by another transaction, on ${testDatabaseLabel()} (issue 23, S47)${postgresOnly}`, () => {
  const message = { template: "test", subject: "Held", html: "<p>Held</p>", text: "Held" };

  it("skips the held row: five reset mails, a Contact us mail and their jobs still go out within 10 s", async () => {
    const heldId = await enqueueMail(await db(), "held-waiting@example.test", message);
    const hold = holdOutboxRow(database.current().url!, heldId);
    const errors = quietErrors();
    try {
      await hold.isHeld;
      const customers = await Promise.all(Array.from({ length: 5 }, () => makeCustomer()));
      const started = performance.now();
      for (const customer of customers) await requestPasswordReset(customer.email, freshMeta(), "en");
      expect(await sendContactMessage({ name: "Someone", email: "held@example.test", message: "Sent while a row is held." }, freshMeta(), null)).toBe(true);
      await backgroundWork().run();
      for (const customer of customers) await receiver.waitFor((m) => m.envelopeTo.includes(customer.email), 10_000);
      await receiver.waitFor((m) => m.envelopeTo.includes("support@example.test") && (m.text ?? "").includes("Sent while a row is held."), 10_000);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(receiver.to("held-waiting@example.test")).toHaveLength(0);
      // The wedge is visible: the held message is the oldest waiting.
      advanceClock(MINUTE);
      expect(await oldestWaitingMailAge()).toBeGreaterThanOrEqual(60);
    } finally {
      await hold.release();
      errors.mockRestore();
    }
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes("held-waiting@example.test"));
    expect(receiver.to("held-waiting@example.test")).toHaveLength(1);
  }, 30_000);

  it("keeps the outcome of a message held while it is being sent, writes it once released, and never sends it twice", async () => {
    const heldId = await enqueueMail(await db(), "held-sending@example.test", message);
    receiver.delayAccepting(1_000);
    const errors = quietErrors();
    let hold: ReturnType<typeof holdOutboxRow> | undefined;
    try {
      const startedBefore = receiver.started;
      const sending = deliverDueMail();
      // Once its DATA is under way the row is leased (the claim has committed); now an operator locks it.
      while (receiver.started === startedBefore) await new Promise((resolve) => setTimeout(resolve, 10));
      hold = holdOutboxRow(database.current().url!, heldId);
      await hold.isHeld;
      receiver.delayAccepting(0);

      // Other mail still goes out while the "sent" write waits on the held row.
      const started = performance.now();
      const others = Array.from({ length: 3 }, (_, i) => `while-held-${i}@example.test`);
      for (const recipient of others) await enqueueMail(await db(), recipient, message);
      await deliverDueMail();
      for (const recipient of others) await receiver.waitFor((m) => m.envelopeTo.includes(recipient), 10_000);
      expect(performance.now() - started).toBeLessThan(10_000);

      await sending;
      expect(receiver.to("held-sending@example.test")).toHaveLength(1);
      expect((await (await db()).select().from(outbox).where(eq(outbox.id, heldId)))[0].status).toBe("pending");
    } finally {
      await hold?.release();
      receiver.delayAccepting(0);
      errors.mockRestore();
    }
    expect(await writeKeptOutcomes()).toBe(0);
    expect((await (await db()).select().from(outbox).where(eq(outbox.id, heldId)))[0].status).toBe("sent");
    // Past its lease, nothing sends it again.
    advanceClock(MINUTE);
    await deliverDueMail();
    expect(receiver.to("held-sending@example.test")).toHaveLength(1);
  }, 30_000);
});

describe("calls that come while the worker runs its passes (issue 25)", () => {
  it("folds them into the passes that follow, and a call during the last one folded in starts another", async () => {
    // A task whose every pass waits until the test lets it end, and says when it has started.
    const ends: Array<() => void> = [];
    let started: () => void = () => {};
    const nextStart = () => new Promise<void>((resolve) => (started = resolve));
    const worker = createBackgroundWorker([
      {
        name: "test.held",
        run: () => {
          started();
          return new Promise<void>((end) => ends.push(end));
        },
      },
    ]);
    let starting = nextStart();
    const first = worker.run();
    // A call during each pass: each is folded into the next pass of the same run, up to the last
    // one the run folds in (three extra); the call made during that one starts a run of its own.
    for (let pass = 1; pass <= 5; pass += 1) {
      await starting;
      starting = nextStart();
      if (pass <= 4) void worker.run();
      ends[pass - 1]();
    }
    await first;
    expect(ends).toHaveLength(5);
  });
});
