import { desc, eq, inArray, sql } from "drizzle-orm";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { MINUTE, now, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { BACKGROUND_CONNECTIONS, backgroundConnectionsHeld, resetMostHeld } from "@/lib/db/background-connections";
import { databaseReachable } from "@/lib/db/reachable";
import { jobs, outbox } from "@/lib/db/schema";
import { enqueueJob, JOBS_PER_PASS, JOBS_TAKEN_UP_AT_ONCE, runDueJobs, runQueuedJob, type JobHandlers } from "@/lib/jobs/queue";
import { setBackgroundPass } from "@/lib/jobs/wake";
import { createBackgroundWorker } from "@/lib/jobs/worker";
import { deliverDueMail, deliverQueuedMail, MAIL_SENT_AT_ONCE } from "@/lib/mail/delivery";
import { enqueueMail } from "@/lib/mail/outbox";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { databaseActivity } from "../support/database-activity";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 23: in a busy hour a reset mail must not wait behind the work queued before it. A request's
 * own job is run right after its response, and the mail a job queues is sent from the lane that ran
 * the job; both claim their one row with the same lease as the pass, within a bounded number of
 * lanes. A job lane goes on to the next waiting job until none is due, so a job whose request found
 * every lane busy is not left for the next pass; what a mail lane cannot take, the pass sends.
 */
const database = withTestDatabase();
const receiver = withSmtpReceiver();
beforeAll(() => {
  // Registers the pass and the jobs' handlers, as the server does at start.
  backgroundWork();
});
afterEach(() => {
  resetClock();
});

/** Runs `work` with `pass` as the process's pass (lib/jobs/wake.ts), then gives the server's back. */
async function withBackgroundPass(pass: () => Promise<void>, work: () => Promise<void>) {
  const registered = globalThis as unknown as { portalWakeBackgroundWork?: () => Promise<void>; portalTakeUpJob?: (id: number) => Promise<boolean> };
  const before = { pass: registered.portalWakeBackgroundWork, takeUp: registered.portalTakeUpJob };
  setBackgroundPass(pass);
  try {
    await work();
  } finally {
    registered.portalWakeBackgroundWork = before.pass;
    registered.portalTakeUpJob = before.takeUp;
  }
}

/** `held` within `ms`, or a failure that says why (`explain`). */
async function heldWithin(held: Promise<void>, ms: number, explain: () => Promise<string>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  const outcome = await Promise.race([held.then(() => "held" as const), late]);
  clearTimeout(timer);
  if (outcome === "late") throw new Error(`not every background connection was held within ${ms / 1000} s: ${await explain()}`);
}

const bulk = { template: "bulk", subject: "Weekly digest", html: "<p>Digest</p>", text: "Digest" };

describe(`reset mail ahead of the rest, on ${testDatabaseLabel()} (issue 23)`, () => {
  // 36 reset requests at once, 6 customers and 66 mails: bounded work that passed the
  // usual 60 s on PostgreSQL when other work shared the cores (load 27), so it gets a limit that fits it.
  it("sends each reset mail from the lane that ran its job, before any of the mail that was already waiting", async () => {
    const handle = await db();
    for (let i = 0; i < 60; i += 1) await enqueueMail(handle, `digest${i}@example.test`, bulk);
    const customers = await Promise.all(Array.from({ length: 6 }, () => makeCustomer()));
    // Concurrent "Forgot your password?" requests: six for customers, thirty for unknown addresses.
    await Promise.all([
      ...customers.map((customer) => requestPasswordReset(customer.email, freshMeta(), "en")),
      ...Array.from({ length: 30 }, (_, i) => requestPasswordReset(`nobody${i}@example.test`, freshMeta(), "en")),
    ]);
    await backgroundWork().run();

    for (const customer of customers) expect(receiver.to(customer.email)).toHaveLength(1);
    const firstDigest = receiver.messages.findIndex((mail) => mail.subject === bulk.subject);
    const lastReset = Math.max(...customers.map((customer) => receiver.messages.findIndex((mail) => mail.envelopeTo.includes(customer.email))));
    expect(firstDigest).toBeGreaterThan(lastReset);
    // The mail that was waiting still went out, each message once.
    expect(receiver.messages.filter((mail) => mail.subject === bulk.subject)).toHaveLength(60);
    const rows = await handle.select({ status: outbox.status }).from(outbox);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
  }, 180_000);

  it("runs queued jobs in at most JOBS_TAKEN_UP_AT_ONCE lanes outside the pass; a job whose request found every lane busy is run as a lane finishes, each job once however many ask", async () => {
    const ran: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const handlers: JobHandlers = {
      "test.count": async (payload, tx) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          await tx.select({ id: jobs.id }).from(jobs).limit(1);
          ran.push(payload.n as number);
        } finally {
          running -= 1;
        }
      },
    };
    const handle = await db();
    for (let n = 0; n < 40; n += 1) await enqueueJob(handle, "test.count", { n });
    const ids = (await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, "test.count")).orderBy(jobs.id)).map((row) => row.id);

    // Forty requests answered at once: JOBS_TAKEN_UP_AT_ONCE of them find a free lane, the others
    // none; no pass runs, yet every job is run, by the lanes that were busy.
    await Promise.all(ids.map((id) => runQueuedJob(id, handlers)));
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(mostAtOnce).toBeLessThanOrEqual(JOBS_TAKEN_UP_AT_ONCE);
    expect(await handle.select().from(jobs).where(inArray(jobs.id, ids))).toHaveLength(0);

    // Every job asked for three times at once (as by several instances) while the pass runs too: each runs once.
    ran.length = 0;
    for (let n = 0; n < 20; n += 1) await enqueueJob(handle, "test.count", { n });
    const again = (await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, "test.count"))).map((row) => row.id);
    await Promise.all([...again.flatMap((id) => [runQueuedJob(id, handlers), runQueuedJob(id, handlers), runQueuedJob(id, handlers)]), runDueJobs(handlers)]);
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(await handle.select().from(jobs).where(inArray(jobs.id, again))).toHaveLength(0);
  });

  it("leaves a job that is not yet due to its time, and lets the pass run a whole backlog in one call", async () => {
    const ran: number[] = [];
    const handlers: JobHandlers = {
      "test.count": async (payload) => {
        ran.push(payload.n as number);
      },
    };
    const handle = await db();
    // A backlog of 250 (more than two passes' batches): one call of the worker runs it all, not one batch per poll.
    for (let n = 0; n < 250; n += 1) await enqueueJob(handle, "test.count", { n });
    const worker = createBackgroundWorker([{ name: "jobs", run: () => runDueJobs(handlers), batch: JOBS_PER_PASS }]);
    await worker.run();
    expect(ran).toHaveLength(250);
    expect(new Set(ran).size).toBe(250);

    // A job waiting for its retry time is not taken by a lane that drains the queue.
    ran.length = 0;
    await handle.insert(jobs).values({ kind: "test.count", payload: { n: 1000 }, runAfter: new Date(now().getTime() + MINUTE) });
    await enqueueJob(handle, "test.count", { n: 1 });
    const [due] = await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, "pending")).orderBy(desc(jobs.id)).limit(1);
    await runQueuedJob(due.id, handlers);
    expect(ran).toEqual([1]);
    expect(await handle.select().from(jobs).where(eq(jobs.kind, "test.count"))).toHaveLength(1);
  });

  it("sends at most MAIL_SENT_AT_ONCE queued messages at once outside the pass, leaves the rest to it, and sends each message once", async () => {
    const handle = await db();
    const ids: number[] = [];
    for (let n = 0; n < 12; n += 1) ids.push(await enqueueMail(handle, `queued${n}@example.test`, bulk));

    await Promise.all(ids.map((id) => deliverQueuedMail(id)));
    const tried = await handle.select({ id: outbox.id, status: outbox.status, attempts: outbox.attempts }).from(outbox).where(inArray(outbox.id, ids)).orderBy(outbox.id);
    expect(tried.map((row) => row.status)).toEqual([...Array(MAIL_SENT_AT_ONCE).fill("sent"), ...Array(12 - MAIL_SENT_AT_ONCE).fill("pending")]);
    expect(tried.slice(MAIL_SENT_AT_ONCE).map((row) => row.attempts)).toEqual(Array(12 - MAIL_SENT_AT_ONCE).fill(0));

    // Each message asked for twice at once, with the pass running beside them: each is sent once.
    await Promise.all([...ids.flatMap((id) => [deliverQueuedMail(id), deliverQueuedMail(id)]), deliverDueMail()]);
    await deliverDueMail();
    for (let n = 0; n < 12; n += 1) expect(receiver.to(`queued${n}@example.test`)).toHaveLength(1);
    const rows = await handle.select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, ids));
    expect(rows.map((row) => row.status)).toEqual(Array(12).fill("sent"));
  });

  // 100 jobs and 100 mails through every lane: bounded work that passed the usual 60 s on PGlite
  // at load 30, so it gets a limit that fits it too.
  it("never lets the background work hold more than BACKGROUND_CONNECTIONS connections, with 100 jobs and 100 messages waiting and every lane busy (S47)", async () => {
    const handle = await db();
    const handlers: JobHandlers = {
      "test.mailing": async (payload, tx) => {
        await tx.select({ id: jobs.id }).from(jobs).limit(1);
        // Each job queues a mail, sent from its lane right after it commits.
        await enqueueMail(tx, `lanes${payload.n as number}@example.test`, bulk);
      },
    };
    for (let n = 0; n < 100; n += 1) await enqueueJob(handle, "test.mailing", { n });
    for (let n = 0; n < 100; n += 1) await enqueueMail(handle, `waiting${n}@example.test`, bulk);
    const ids = (await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, "test.mailing")).orderBy(jobs.id)).map((row) => row.id);
    resetMostHeld();
    // A take-up lane whose job's mail finds every mail lane busy starts the pass at once: here it
    // runs this test's jobs, as the server's pass runs the server's.
    const pass = createBackgroundWorker([
      { name: "jobs", run: () => runDueJobs(handlers) },
      { name: "mail delivery", run: () => deliverDueMail() },
    ]);
    await withBackgroundPass(pass.runQuietly, async () => {
      // The pass's job and mail lanes, and a request's take-up lane for each of the first 20 jobs, all at once.
      await Promise.all([runDueJobs(handlers), deliverDueMail(), ...ids.slice(0, 20).map((id) => runQueuedJob(id, handlers))]);
      await pass.run();
    });
    await runDueJobs(handlers);
    await deliverDueMail();
    const counted = backgroundConnectionsHeld();
    expect(counted.mostHeld).toBe(BACKGROUND_CONNECTIONS);
    expect(counted).toMatchObject({ held: 0, waiting: 0 });
    expect(await handle.select().from(jobs).where(inArray(jobs.id, ids))).toHaveLength(0);
    for (let n = 0; n < 100; n += 1) {
      expect(receiver.to(`lanes${n}@example.test`)).toHaveLength(1);
      expect(receiver.to(`waiting${n}@example.test`)).toHaveLength(1);
    }
  }, 180_000);

  // PGlite has one connection, which every transaction takes in turn: only PostgreSQL has a pool to share.
  (testDatabaseLabel() === "PostgreSQL" ? it : it.skip)("answers a request's query and the reachability check while every background connection is held by a job (S47)", async () => {
    const handle = await db();
    let entered = 0;
    let allHeld!: () => void;
    const held = new Promise<void>((resolve) => (allHeld = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handlers: JobHandlers = {
      "test.holding": async (_payload, tx) => {
        await tx.select({ id: jobs.id }).from(jobs).limit(1);
        entered += 1;
        if (entered === BACKGROUND_CONNECTIONS) allHeld();
        await gate;
      },
    };
    for (let n = 0; n < 100; n += 1) await enqueueJob(handle, "test.holding", { n });
    for (let n = 0; n < 20; n += 1) await enqueueMail(handle, `drain${n}@example.test`, bulk);
    const ids = (await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, "test.holding")).orderBy(jobs.id)).map((row) => row.id);
    const draining = Promise.all([runDueJobs(handlers), deliverDueMail(), ...ids.slice(0, 20).map((id) => runQueuedJob(id, handlers))]);
    try {
      // Bounded: should the six never be held at once, the failure says what each lane and each
      // of the database's connections was doing, instead of Jest's bare time-out.
      await heldWithin(held, 20_000, async () => `${entered} of ${BACKGROUND_CONNECTIONS} jobs entered; ${await databaseActivity(database.current())}`);
      // Every background connection is held by a job that waits; the other lanes wait for one.
      expect(backgroundConnectionsHeld()).toMatchObject({ held: BACKGROUND_CONNECTIONS });
      expect(backgroundConnectionsHeld().waiting).toBeGreaterThan(0);
      const answers = await Promise.all([handle.execute(sql`select 1 as one`), handle.execute(sql`select 2 as two`), databaseReachable(Date.now() + 60_000)]);
      expect(answers[2]).toBe(true);
      expect(entered).toBe(BACKGROUND_CONNECTIONS);
    } finally {
      release();
      await draining;
    }
    await runDueJobs(handlers);
    await deliverDueMail();
    expect(await handle.select().from(jobs).where(inArray(jobs.id, ids))).toHaveLength(0);
    for (let n = 0; n < 20; n += 1) expect(receiver.to(`drain${n}@example.test`)).toHaveLength(1);
  });
});
