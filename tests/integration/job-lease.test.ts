import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { advanceClock, MINUTE, now, resetClock } from "@/lib/clock";
import { db, openDatabase, setPortalDatabase } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { enqueueJob, runDueJobs, runQueuedJob, type JobHandlers } from "@/lib/jobs/queue";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * A job's lease is a minute, and nothing bounds how long its work takes. Once the lease has lapsed
 * the row is claimable again, yet a job still running must not be run a second time beside it: its
 * transaction holds the row from its first statement, so a claim passes over it.
 */
const database = withTestDatabase();
afterEach(resetClock);

// PGlite has one connection, which every transaction takes in turn: there a second claim can only
// come once the first job's transaction has ended; on PostgreSQL it comes while the job runs.
const onePostgresConnectionAtATime = testDatabaseLabel() !== "PostgreSQL";

describe(`a job that runs longer than its lease, on ${testDatabaseLabel()}`, () => {
  it("is not run a second time while it runs, however many passes and lanes ask once the lease has lapsed", async () => {
    const handle = await db();
    let runs = 0;
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handlers: JobHandlers = {
      "test.slow": async (_payload, tx) => {
        runs += 1;
        // A second run (the fault this test looks for) answers at once, so the test fails on its count.
        if (runs > 1) return;
        await tx.select({ id: jobs.id }).from(jobs).limit(1);
        entered();
        await gate;
      },
    };
    await enqueueJob(handle, "test.slow", { n: 1 });
    const [{ id }] = await handle.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, "test.slow"));
    const first = runDueJobs(handlers);
    let others: Promise<unknown> | undefined;
    try {
      await running;
      // Two minutes on: the job's one-minute lease has lapsed while it still runs.
      advanceClock(2 * MINUTE);
      others = Promise.all([runDueJobs(handlers), runDueJobs(handlers), runQueuedJob(id, handlers), runQueuedJob(id, handlers)]);
      if (!onePostgresConnectionAtATime) {
        // Every one of them has looked for the row and passed over it while the job still ran
        // (the take-ups found nothing left for a pass: the job is someone else's).
        expect(await others).toEqual([0, 0, true, true]);
        const [row] = await handle.select({ attempts: jobs.attempts }).from(jobs).where(eq(jobs.id, id));
        expect(row.attempts).toBe(1);
      }
    } finally {
      release();
      await first;
      await others;
    }
    expect(runs).toBe(1);
    expect(await handle.select().from(jobs).where(eq(jobs.id, id))).toHaveLength(0);
  });
});

/**
 * Runs `work` with PostgreSQL's planner kept to nested loops, the plan under which a claim once
 * leased every due row: PGlite's one session is told so directly; on PostgreSQL the database is,
 * and a pool of new connections (which take the setting) serves the portal meanwhile.
 */
async function withNestedLoopsOnly(work: () => Promise<void>) {
  const current = database.current();
  const settings = ["enable_hashagg", "enable_sort", "enable_hashjoin", "enable_mergejoin", "enable_material"];
  if (!current.url) {
    for (const setting of settings) await current.db.execute(sql.raw(`set ${setting} = off`));
    try {
      return await work();
    } finally {
      for (const setting of settings) await current.db.execute(sql.raw(`reset ${setting}`));
    }
  }
  const name = new URL(current.url).pathname.slice(1);
  for (const setting of settings) await current.db.execute(sql.raw(`alter database ${name} set ${setting} = off`));
  const planned = await openDatabase({ kind: "postgres", url: current.url });
  setPortalDatabase(planned);
  try {
    await work();
  } finally {
    setPortalDatabase(current);
    await planned.close();
    for (const setting of settings) await current.db.execute(sql.raw(`alter database ${name} reset ${setting}`));
  }
}

describe(`a claim, on ${testDatabaseLabel()}`, () => {
  // Jobs queued in the same millisecond (concurrent "Forgot your password?" requests) tie on their
  // due time. The claim once chose its row with `id IN (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED)`:
  // planned as a nested loop, PostgreSQL ran that subquery again for every row it looked at, each run
  // passing over the rows the statement had already updated, so one claim leased every due job and
  // its lane ran only the first; the others waited out their lease, pass after pass (in CI, reset
  // links never mailed and a drain test that never finished).
  it("leases one job at a time however the database plans it, with many due at the same moment", async () => {
    await withNestedLoopsOnly(async () => {
      const handle = await db();
      const at = now();
      await handle.insert(jobs).values(Array.from({ length: 8 }, (_, n) => ({ kind: "test.tied", payload: { n }, runAfter: at })));
      // The plan is the one that went wrong: the old claim's statement, run as it was, leases all eight.
      const due = and(eq(jobs.status, "pending"), lte(jobs.runAfter, at), or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, at)));
      const tied = handle.select({ id: jobs.id }).from(jobs).where(due).orderBy(jobs.runAfter, jobs.id).limit(1).for("update", { skipLocked: true });
      const leasedByOldClaim = await handle.update(jobs).set({ attempts: sql`${jobs.attempts} + 1` }).where(inArray(jobs.id, tied)).returning({ id: jobs.id });
      expect(leasedByOldClaim).toHaveLength(8);
      await handle.update(jobs).set({ attempts: 0 }).where(eq(jobs.kind, "test.tied"));
      const ran: number[] = [];
      const handlers: JobHandlers = {
        "test.tied": async (payload) => {
          ran.push(payload.n as number);
        },
      };
      // One lane: each claim must lease one job, which the lane runs before it claims the next.
      expect(await runDueJobs(handlers, 100, 1)).toBe(8);
      expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(await handle.select().from(jobs).where(eq(jobs.kind, "test.tied"))).toHaveLength(0);
    });
  });
});
