import { and, eq, lt, min, sql, type SQL } from "drizzle-orm";
import { DAY, MINUTE, now } from "@/lib/clock";
import { db, type Executor, type Transaction } from "@/lib/db";
import { readForOperator, withTimeLimits } from "@/lib/db/time-limits";
import { jobs } from "@/lib/db/schema";
import { keptWrites } from "@/lib/jobs/kept-writes";
import { claimDue, doublingWaitMs, inTakeUpLane, leaseStillHeld, releaseLeasesOf, runInLanes, type LeasedRows } from "@/lib/jobs/leases";
import { collectingFollowUps, passForLeftOvers, wakeBackgroundWork, wakeForJob } from "@/lib/jobs/wake";
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

/**
 * enqueueJob's row as a part of a caller's one statement (a `WITH` of data-modifying parts), written
 * only when `when` holds: the job is queued by the statement that decided it, or not at all
 * (issue 25, F3). It returns the job's id; give it to `jobQueued` once the statement has run.
 */
export function jobInsertWhen(kind: string, payload: JobPayload, when: SQL, time: Date): SQL {
  return sql`insert into ${jobs} (${sql.identifier(jobs.kind.name)}, ${sql.identifier(jobs.payload.name)}, ${sql.identifier(jobs.runAfter.name)})
    select ${kind}, ${JSON.stringify(payload)}::jsonb, ${time.toISOString()}::timestamptz where ${when}
    returning ${sql.identifier(jobs.id.name)}`;
}

/** A job a caller's statement queued (jobInsertWhen): run right after the response, as enqueueJob's. */
export function jobQueued(id: number) {
  wakeForJob(id);
}

/** 10 s, 20 s, 40 s … at most 10 minutes. */
export function jobRetryDelayMs(attempts: number): number {
  return doublingWaitMs(attempts, 10_000, 10 * MINUTE);
}

// Note: a job that runs longer than its lease is not run again beside it: its transaction holds
// its row from the first statement (runJob), so the lease only decides when the job of a worker
// that died is taken again. Renewing the lease instead would take a second connection per job.
const jobRows: LeasedRows = { table: jobs, dueAt: jobs.runAfter, leaseMs: LEASE_MS };

/** Leases the next due job, or job `onlyId` when it is due (instances never take the same one). */
function claimNextJob(onlyId?: number): Promise<Job | undefined> {
  return claimDue<Job>(jobRows, { onlyId });
}

/**
 * A failed job's new state. When the database is what failed, the write fails too and the job
 * would wait out its one-minute lease (issue 23: mail ~60 s late after a restart); the state is
 * kept and written every second until the database answers (kept-writes.ts). Only this lease of
 * this attempt is released, so a job another worker has taken since is left alone.
 */
type FailedJobState = Pick<Job, "status" | "lockedUntil" | "lastError" | "runAfter">;
type FailedJob = { job: Job; state: FailedJobState };

const failures = keptWrites<FailedJob>("job failures", async (_id, { job, state }) => {
  await withTimeLimits((tx) => tx.update(jobs).set(state).where(leaseStillHeld(jobRows, job)));
});

/** Runs a claimed job; resolves false when something it queued could not be taken up (see wakeFor). */
async function runJob(job: Job, handlers: JobHandlers): Promise<boolean> {
  const started = performance.now();
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    // A job waits on a row lock at most 5 s, then fails and is tried again later: a held lock must
    // not stall the queue.
    // The row is removed first, within the job's transaction: it stays locked while the job runs,
    // so a claim after its lease has lapsed passes over it (SKIP LOCKED) however long the job takes;
    // and a job another worker has claimed since (its lease lapsed while this lane waited for a
    // connection) or already run is not run here a second time.
    let ranHere = false;
    const followUps = await collectingFollowUps(() =>
      withTimeLimits(async (tx) => {
        const [own] = await tx.delete(jobs).where(leaseStillHeld(jobRows, job)).returning({ id: jobs.id });
        if (!own) return;
        await handler(job.payload, tx);
        ranHere = true;
      }),
    );
    if (!ranHere) return true;
    jobDone(job, performance.now() - started);
    // What the job queued (its mail) goes now, from this lane, not behind the outbox (issue 23).
    let allTakenUp = true;
    for (const followUp of followUps) allTakenUp = (await followUp()) && allTakenUp;
    return allTakenUp;
  } catch (error) {
    const dead = job.attempts >= JOB_MAX_ATTEMPTS;
    const reason = errorSummary(error);
    await failures.record(job.id, { job, state: { status: dead ? "dead" : "pending", lockedUntil: null, lastError: reason, runAfter: new Date(now().getTime() + jobRetryDelayMs(job.attempts)) } });
    jobFailed(job, dead, reason);
    return true;
  }
}

// Jobs one pass runs at once. Each holds a database connection for its transaction; together with
// the other lanes below they may ask for more than the pool has, so every background transaction
// first takes one of the connections background work may hold (lib/db/background-connections.ts:
// all but four of the pool's ten, S47) and a lane waits there when none is free.
export const JOB_LANES = 3;

// Jobs one pass runs at most, so the rest of the background work has its turn; a pass that ran
// this many is followed at once by another (lib/jobs/worker.ts), not left to the next poll.
export const JOBS_PER_PASS = 100;

/** Runs due jobs, several at a time, at most `limit` in one pass; returns how many ran. */
export function runDueJobs(handlers: JobHandlers, limit = JOBS_PER_PASS, lanes = JOB_LANES): Promise<number> {
  // What a job queued and could not take up is sent by the pass's own mail task, which runs next.
  return runInLanes(lanes, limit, () => claimNextJob(), (job) => runJob(job, handlers));
}

// Lanes one process runs queued jobs in, besides the pass's (issue 23). A request that finds one
// free runs its own job in it; one that finds none leaves its job to the lanes that are busy, which
// take the next waiting job as each finishes, until none is due. Each holds a database connection
// only for its job's transaction, within the background work's share of the pool (S47).
export const JOBS_TAKEN_UP_AT_ONCE = 6;
// Jobs one lane runs before it lets go, so one request's after-response work stays bounded (the
// next request that queues a job starts a lane again, and the pass is there for the rest).
const JOBS_PER_TAKE_UP = 200;

/**
 * Runs job `id` now if it is still waiting and a lane is free (the request that queued it has just
 * answered), then the jobs waiting behind it, oldest first, until none is due: in a busy hour a job
 * whose request found every lane busy is run as soon as one finishes, not after the next pass
 * (issue 23: at 16 connections such jobs waited up to 50 s). Never throws: whatever it cannot do,
 * the pass does — it resolves false when there is some (see wakeFor).
 */
export function runQueuedJob(id: number, handlers: JobHandlers): Promise<boolean> {
  return inTakeUpLane("jobs", JOBS_TAKEN_UP_AT_ONCE, async () => {
    // A job whose mail found every mail lane busy: the pass sends it now, not after this lane's other jobs.
    let leftOvers: Promise<void> | undefined;
    const run = async (job: Job) => {
      if (!(await runJob(job, handlers))) leftOvers ??= passForLeftOvers();
    };
    const own = await claimNextJob(id);
    if (own) await run(own);
    let ran = 1;
    for (; ran < JOBS_PER_TAKE_UP; ran += 1) {
      const next = await claimNextJob();
      if (!next) break;
      await run(next);
    }
    await leftOvers;
    // A lane that let go with jobs still due leaves them to the pass.
    return ran < JOBS_PER_TAKE_UP;
  });
}

/** After a restart, this instance takes back the jobs it held when it stopped. */
export function releaseJobLeasesOf(instanceId: string): Promise<void> {
  return releaseLeasesOf(jobRows, instanceId);
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
  const [row] = await readForOperator((tx) => tx.select({ oldest: min(jobs.createdAt) }).from(jobs).where(eq(jobs.status, "pending")));
  return row?.oldest ? Math.max(0, Math.round((now().getTime() - new Date(row.oldest).getTime()) / 1000)) : 0;
}
