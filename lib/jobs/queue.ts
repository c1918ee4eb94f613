import { and, eq, lt, sql } from "drizzle-orm";
import { DAY, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor, type Transaction } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
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
// Note: a job waits on a row lock at most this long, then fails and tries again later (a held lock
// must not stall the queue).
const LOCK_TIMEOUT = "5s";
const STATEMENT_TIMEOUT = "30s";
const DEAD_JOBS_KEPT_MS = 7 * DAY;

export async function enqueueJob(executor: Executor, kind: string, payload: JobPayload) {
  await executor.insert(jobs).values({ kind, payload, runAfter: now() });
}

/** 10 s, 20 s, 40 s … at most 10 minutes. */
export function jobRetryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 10 * MINUTE);
}

/** Leases the next due job (SKIP LOCKED: instances never take the same one). */
async function claimNextJob(): Promise<Job | undefined> {
  const database = await db();
  const time = now();
  const [job] = await database
    .update(jobs)
    .set({ lockedUntil: new Date(time.getTime() + LEASE_MS), lockedBy: config().instanceId, attempts: sql`${jobs.attempts} + 1` })
    .where(
      eq(
        jobs.id,
        sql`(select ${jobs.id} from ${jobs} where ${jobs.status} = 'pending' and ${jobs.runAfter} <= ${time.toISOString()}::timestamptz
             and (${jobs.lockedUntil} is null or ${jobs.lockedUntil} <= ${time.toISOString()}::timestamptz)
             order by ${jobs.runAfter}, ${jobs.id} limit 1 for update skip locked)`,
      ),
    )
    .returning();
  return job;
}

async function runJob(job: Job, handlers: JobHandlers) {
  const database = await db();
  const started = performance.now();
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    await database.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
      await tx.execute(sql.raw(`set local statement_timeout = '${STATEMENT_TIMEOUT}'`));
      await handler(job.payload, tx);
      await tx.delete(jobs).where(eq(jobs.id, job.id));
    });
    jobDone(job, performance.now() - started);
  } catch (error) {
    const dead = job.attempts >= JOB_MAX_ATTEMPTS;
    const reason = errorSummary(error);
    await database
      .update(jobs)
      .set({ status: dead ? "dead" : "pending", lockedUntil: null, lastError: reason, runAfter: new Date(now().getTime() + jobRetryDelayMs(job.attempts)) })
      .where(eq(jobs.id, job.id));
    jobFailed(job, dead, reason);
  }
}

/** Runs due jobs one by one, at most `limit` in one pass; returns how many ran. */
export async function runDueJobs(handlers: JobHandlers, limit = 100): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const job = await claimNextJob();
    if (!job) break;
    await runJob(job, handlers);
    ran += 1;
  }
  return ran;
}

/** After a restart, this instance takes back the jobs it held when it stopped. */
export async function releaseJobLeasesOf(instanceId: string) {
  await (await db()).update(jobs).set({ lockedUntil: null, lockedBy: null }).where(and(eq(jobs.lockedBy, instanceId), eq(jobs.status, "pending")));
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
  return rows.length === 1;
}

/** Dead jobs hold what a visitor typed; they are kept a week for the operator, then dropped. */
export async function pruneDeadJobs() {
  await (await db()).delete(jobs).where(and(eq(jobs.status, "dead"), lt(jobs.createdAt, new Date(now().getTime() - DEAD_JOBS_KEPT_MS))));
}
