import { and, asc, eq, isNull, lte, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { withTimeLimits } from "@/lib/db/time-limits";

/**
 * A lease on a row of background work: the shape the job queue (lib/jobs/queue.ts) and the outbox's
 * delivery (lib/mail/delivery.ts) share (issue 24, D37). A row that is due is claimed with a lease
 * (its attempts counted), run, and then its outcome is written while the lease is still this
 * worker's; a failure waits longer each time; a lease that lapses (its holder died) makes the row
 * claimable again. Each owner keeps its own rows' meaning: what "due" is, what a failure writes,
 * when a row is given up.
 */
export type LeasedRows = {
  /** A table with the lease's columns under these names (jobs, outbox). */
  table: PgTable & { id: PgColumn; status: PgColumn; lockedUntil: PgColumn; lockedBy: PgColumn; attempts: PgColumn };
  /** When a row is next due (a job's run_after, a message's next_attempt_at). */
  dueAt: PgColumn;
  leaseMs: number;
};

/**
 * Takes a lease on the next due row, or on row `onlyId` when it is due, counting the attempt. The
 * claim is one UPDATE whose row comes from a FOR UPDATE SKIP LOCKED select, so a row another
 * transaction holds is passed over (issue 23) and several instances and lanes drain at once without
 * two running the same row. `except` names rows this process must not take again yet.
 *
 * Note: the row is compared with `=`, a scalar subquery PostgreSQL runs once. With `IN (…)` it may
 * plan a nested loop that runs the subquery again for every row it looks at, each run passing over
 * the rows the statement has just updated: one claim then leased every due row (rows queued in the
 * same millisecond tie on their due time) and its lane ran only the first, the rest waiting out
 * their lease pass after pass (tests/integration/job-lease.test.ts forces that plan).
 */
export async function claimDue<Row>(rows: LeasedRows, options: { onlyId?: number; except?: readonly number[] } = {}): Promise<Row | undefined> {
  const { table, dueAt } = rows;
  const time = now();
  const { onlyId, except = [] } = options;
  const [row] = await withTimeLimits((tx) =>
    tx
      .update(table)
      .set({ lockedUntil: new Date(time.getTime() + rows.leaseMs), lockedBy: config().instanceId, attempts: sql`${table.attempts} + 1` })
      .where(
        eq(
          table.id,
          tx
            .select({ id: table.id })
            .from(table)
            .where(
              and(
                onlyId === undefined ? undefined : eq(table.id, onlyId),
                eq(table.status, "pending"),
                lte(dueAt, time),
                or(isNull(table.lockedUntil), lte(table.lockedUntil, time)),
                except.length > 0 ? notInArray(table.id, [...except]) : undefined,
              ),
            )
            .orderBy(asc(dueAt), asc(table.id))
            .limit(1)
            .for("update", { skipLocked: true }),
        ),
      )
      .returning(),
  );
  return row as Row | undefined;
}

/**
 * The row as this worker claimed it, still pending and still leased to this instance: an outcome
 * written late (kept while the database was away) must not overwrite the lease and outcome of a
 * worker that has claimed the row since.
 */
export function leaseStillHeld(rows: LeasedRows, claimed: { id: number; attempts: number }): SQL {
  const { table } = rows;
  return and(eq(table.id, claimed.id), eq(table.status, "pending"), eq(table.lockedBy, config().instanceId), eq(table.attempts, claimed.attempts))!;
}

/** After a crash and restart, this instance's leases are its own to take back: its rows are due again at once, not after the lease lapses. */
export async function releaseLeasesOf(rows: LeasedRows, instanceId: string) {
  await withTimeLimits((tx) =>
    tx
      .update(rows.table)
      .set({ lockedUntil: null, lockedBy: null })
      .where(and(eq(rows.table.lockedBy, instanceId), eq(rows.table.status, "pending"))),
  );
}

/** The wait after a failed attempt: `firstMs` after the first, doubling after each one, at most `capMs`. */
export function doublingWaitMs(attempts: number, firstMs: number, capMs: number): number {
  return Math.min(firstMs * 2 ** Math.max(0, attempts - 1), capMs);
}

/**
 * Claims and runs due rows in `lanes` lanes at once, at most `limit` in all; returns how many ran.
 * `run` records its own outcome; a claim the database refuses ends the pass with that error.
 */
export async function runInLanes<Row>(lanes: number, limit: number, claim: () => Promise<Row | undefined>, run: (row: Row) => Promise<unknown>): Promise<number> {
  let ran = 0;
  async function lane() {
    while (ran < limit) {
      const row = await claim();
      if (!row) return;
      ran += 1;
      await run(row);
    }
  }
  const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return ran;
}

const takingUp = globalThis as unknown as { portalTakeUpLanes?: Map<string, number> };

/**
 * Runs `work` in one of `atOnce` lanes named `name`, kept across the server's bundles (one count per
 * process), or not at all when every one is busy: what it would have done is left to the pass, and
 * it resolves false so the caller starts one (lib/jobs/wake.ts). Never throws: a claim the database
 * did not answer is the pass's to try again, with its backoff and log. `work` resolves false when
 * some of what it took up is still the pass's to do.
 */
export async function inTakeUpLane(name: string, atOnce: number, work: () => Promise<boolean>): Promise<boolean> {
  takingUp.portalTakeUpLanes ??= new Map();
  const lanes = takingUp.portalTakeUpLanes;
  const busy = lanes.get(name) ?? 0;
  if (busy >= atOnce) return false;
  lanes.set(name, busy + 1);
  try {
    return await work();
  } catch {
    // The database did not answer the claim: the pass tries again.
    return false;
  } finally {
    lanes.set(name, (lanes.get(name) ?? 1) - 1);
  }
}
