import { eq, inArray } from "drizzle-orm";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { jobs, outbox } from "@/lib/db/schema";
import { enqueueJob, JOBS_TAKEN_UP_AT_ONCE, runDueJobs, runQueuedJob, type JobHandlers } from "@/lib/jobs/queue";
import { deliverDueMail, deliverQueuedMail, MAIL_SENT_AT_ONCE } from "@/lib/mail/delivery";
import { enqueueMail } from "@/lib/mail/outbox";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 23: in a busy hour a reset mail must not wait behind the work queued before it. A request's
 * own job is run right after its response, and the mail a job queues is sent from the lane that ran
 * the job; both claim their one row with the same lease as the pass, within a bounded number of
 * lanes, and leave to the pass whatever they cannot take.
 */
withTestDatabase();
const receiver = withSmtpReceiver();
beforeAll(() => {
  // Registers the pass and the jobs' handlers, as the server does at start.
  backgroundWork();
});
afterEach(() => {
  resetClock();
});

const bulk = { template: "bulk", subject: "Weekly digest", html: "<p>Digest</p>", text: "Digest" };

describe(`reset mail ahead of the rest, on ${testDatabaseLabel()} (issue 23)`, () => {
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
  });

  it("runs at most JOBS_TAKEN_UP_AT_ONCE queued jobs at once outside the pass, leaves the rest to it, and runs each job once however many ask", async () => {
    const ran: number[] = [];
    const handlers: JobHandlers = {
      "test.count": async (payload, tx) => {
        await tx.select({ id: jobs.id }).from(jobs).limit(1);
        ran.push(payload.n as number);
      },
    };
    const handle = await db();
    for (let n = 0; n < 20; n += 1) await enqueueJob(handle, "test.count", { n });
    const ids = (await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, "test.count")).orderBy(jobs.id)).map((row) => row.id);

    // Ten requests answered at once: the first JOBS_TAKEN_UP_AT_ONCE take a lane, the others leave their job to the pass.
    await Promise.all(ids.slice(0, 10).map((id) => runQueuedJob(id, handlers)));
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: JOBS_TAKEN_UP_AT_ONCE }, (_, n) => n));
    const untouched = await handle.select({ attempts: jobs.attempts }).from(jobs).where(inArray(jobs.id, ids.slice(JOBS_TAKEN_UP_AT_ONCE, 10)));
    expect(untouched.map((row) => row.attempts)).toEqual(Array(10 - JOBS_TAKEN_UP_AT_ONCE).fill(0));

    // Every job asked for three times at once (as by several instances) while the pass runs too: each runs once.
    await Promise.all([...ids.flatMap((id) => [runQueuedJob(id, handlers), runQueuedJob(id, handlers), runQueuedJob(id, handlers)]), runDueJobs(handlers)]);
    await runDueJobs(handlers);
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(await handle.select().from(jobs).where(inArray(jobs.id, ids))).toHaveLength(0);
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
});
