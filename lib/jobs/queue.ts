import { and, eq, lt, min, sql } from "drizzle-orm";
import { DAY, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor, type Transaction } from "@/lib/db";
import { withTimeLimits } from "@/lib/db/time-limits";
import { jobs } from "@/lib/db/schema";
import { collectingFollowUps, wakeBackgroundWork, wakeForJob } from "@/lib/jobs/wake";
import { errorSummary } from "@/lib/log";
import { jobDone, jobFailed } from "@/lib/operations/events";

/**
 * Work that happens after a response (the "Forgot your password?" lookup, for one). Features
 * enqueue a job of their own kind; the background worker runs them with the handlers it is given
 * and knows no feature itself. A failing job is retried with backoff, then set aside as dead; it
 * never blocks the jobs behind it (S47).
 */
export type JobPayload = Record<string, unknown>;
/** Runs inside the transaction that also removes the job, so a job's effects happen once. */
export type JobHandler = (payload: JobPayload, tx: Transaction) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;
export type Job = typeof jobs.$inferSelect;

export const JOB_MAX_ATTEMPTS = 6;
const LEASE_MS = MINUTE;
const DEAD_JOBS_KEPT_MS = 7 * DAY;

export async function enqueueJob(executor: Executor, kind: string, payload: JobPayload) {
  const [row] = await executor.insert(jobs).values({ kind, payload, runAfter: now() }).returning({ id: jobs.id });
  // Run right after the response, not behind the jobs queued before it (issue 23).
  wakeForJob(row.id);
}

/** 10 s, 20 s, 40 s … at most 10 minutes. */
export function jobRetryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 10 * MINUTE);
}

/** Leases the next due job, or job `onlyId` when it is due (SKIP LOCKED: instances never take the same one). */
async function claimNextJob(onlyId?: number): Promise<Job | undefined> {
  const time = now();
  const [job] = await withTimeLimits((tx) =>
    tx
      .update(jobs)
      .set({ lockedUntil: new Date(time.getTime() + LEASE_MS), lockedBy: config().instanceId, attempts: sql`${jobs.attempts} + 1` })
      .where(
        eq(
          jobs.id,
          sql`(select ${jobs.id} from ${jobs} where ${jobs.status} = 'pending' and ${jobs.runAfter} <= ${time.toISOString()}::timestamptz
             and (${jobs.lockedUntil} is null or ${jobs.lockedUntil} <= ${time.toISOString()}::timestamptz)
             ${onlyId === undefined ? sql`` : sql`and ${jobs.id} = ${onlyId}`}
             order by ${jobs.runAfter}, ${jobs.id} limit 1 for update skip locked)`,
        ),
      )
      .returning(),
  );
  return job;
}

/**
 * A failed job's new state. When the database is what failed, the write fails too and the job
 * would wait out its one-minute lease (issue 23: mail ~60 s late after a restart); the state is
 * kept and written every second until the database answers. Only this lease of this attempt is
 * released, so a job another worker has taken since is left alone.
 */
type FailedJobState = Pick<Job, "status" | "lockedUntil" | "lastError" | "runAfter">;
const shared = globalThis as unknown as { portalKeptJobFailures?: Map<number, { job: Job; state: FailedJobState }>; portalJobFailureRetry?: NodeJS.Timeout };
const FAILURE_RETRY_MS = 1_000;

function keptFailures() {
  shared.portalKeptJobFailures ??= new Map();
  return shared.portalKeptJobFailures;
}

async function writeFailure(job: Job, state: FailedJobState) {
  await withTimeLimits((tx) =>
    tx
      .update(jobs)
      .set(state)
      .where(and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts), eq(jobs.lockedBy, config().instanceId))),
  );
}

async function recordFailure(job: Job, state: FailedJobState) {
  try {
    await writeFailure(job, state);
  } catch {
    keptFailures().set(job.id, { job, state });
    scheduleFailureRetry();
  }
}

function scheduleFailureRetry() {
  if (shared.portalJobFailureRetry) return;
  shared.portalJobFailureRetry = setTimeout(async () => {
    for (const [id, { job, state }] of keptFailures()) {
      try {
        await writeFailure(job, state);
        keptFailures().delete(id);
      } catch {
        // The database still does not answer: kept for the next try.
      }
    }
    shared.portalJobFailureRetry = undefined;
    if (keptFailures().size > 0) scheduleFailureRetry();
  }, FAILURE_RETRY_MS);
  shared.portalJobFailureRetry.unref();
}

async function runJob(job: Job, handlers: JobHandlers) {
  const started = performance.now();
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    // A job waits on a row lock at most 5 s, then fails and is tried again later: a held lock must
    // not stall the queue.
    const followUps = await collectingFollowUps(() =>
      withTimeLimits(async (tx) => {
        await handler(job.payload, tx);
        await tx.delete(jobs).where(eq(jobs.id, job.id));
      }),
    );
    jobDone(job, performance.now() - started);
    // What the job queued (its mail) goes now, from this lane, not behind the outbox (issue 23).
    for (const followUp of followUps) await followUp();
  } catch (error) {
    const dead = job.attempts >= JOB_MAX_ATTEMPTS;
    const reason = errorSummary(error);
    await recordFailure(job, { status: dead ? "dead" : "pending", lockedUntil: null, lastError: reason, runAfter: new Date(now().getTime() + jobRetryDelayMs(job.attempts)) });
    jobFailed(job, dead, reason);
  }
}

// Jobs one process runs at once. Each holds a database connection for its transaction, so this
// stays well below the pool's ten, leaving the rest to requests and mail.
export const JOB_LANES = 3;

/** Runs due jobs, several at a time, at most `limit` in one pass; returns how many ran. */
export async function runDueJobs(handlers: JobHandlers, limit = 100, lanes = JOB_LANES): Promise<number> {
  let ran = 0;
  async function lane() {
    while (ran < limit) {
      const job = await claimNextJob();
      if (!job) return;
      ran += 1;
      await runJob(job, handlers);
    }
  }
  const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return ran;
}

// Jobs one process runs at once as soon as they are queued (besides the pass's lanes); one queued
// while all are busy waits for the pass.
export const JOBS_TAKEN_UP_AT_ONCE = 3;
const taking = globalThis as unknown as { portalJobsTakenUp?: number };

/**
 * Runs job `id` now if it is still waiting and a lane is free (the request that queued it has just
 * answered). Never throws: whatever it cannot do, the pass does.
 */
export async function runQueuedJob(id: number, handlers: JobHandlers): Promise<void> {
  if ((taking.portalJobsTakenUp ?? 0) >= JOBS_TAKEN_UP_AT_ONCE) return;
  taking.portalJobsTakenUp = (taking.portalJobsTakenUp ?? 0) + 1;
  try {
    const job = await claimNextJob(id);
    if (job) await runJob(job, handlers);
  } catch {
    // The database did not answer the claim: the pass tries again, with its backoff and its log.
  } finally {
    taking.portalJobsTakenUp! -= 1;
  }
}

/** After a restart, this instance takes back the jobs it held when it stopped. */
export async function releaseJobLeasesOf(instanceId: string) {
  await withTimeLimits((tx) => tx.update(jobs).set({ lockedUntil: null, lockedBy: null }).where(and(eq(jobs.lockedBy, instanceId), eq(jobs.status, "pending"))));
}

export async function listDeadJobs() {
  return (await db())
    .select({ id: jobs.id, kind: jobs.kind, attempts: jobs.attempts, lastError: jobs.lastError, createdAt: jobs.createdAt })
    .from(jobs)
    .where(eq(jobs.status, "dead"))
    .orderBy(jobs.id);
}

/** The operator's "try again" for a dead job. */
export async function retryDeadJob(id: number): Promise<boolean> {
  const rows = await (await db())
    .update(jobs)
    .set({ status: "pending", attempts: 0, runAfter: now(), lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, "dead")))
    .returning({ id: jobs.id });
  if (rows.length === 1) wakeBackgroundWork();
  return rows.length === 1;
}

/** Dead jobs hold what a visitor typed; they are kept a week for the operator, then dropped. */
export async function pruneDeadJobs() {
  await withTimeLimits((tx) => tx.delete(jobs).where(and(eq(jobs.status, "dead"), lt(jobs.createdAt, new Date(now().getTime() - DEAD_JOBS_KEPT_MS)))));
}

/** How long the oldest job still waiting to run has waited, in seconds (0 when none). */
export async function oldestWaitingJobAge(): Promise<number> {
  const [row] = await withTimeLimits((tx) => tx.select({ oldest: min(jobs.createdAt) }).from(jobs).where(eq(jobs.status, "pending")));
  return row?.oldest ? Math.max(0, Math.round((now().getTime() - new Date(row.oldest).getTime()) / 1000)) : 0;
}
