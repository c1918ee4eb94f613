import { eq } from "drizzle-orm";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { enqueueJob, runDueJobs, runQueuedJob, type JobHandlers } from "@/lib/jobs/queue";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * A job's lease is a minute, and nothing bounds how long its work takes. Once the lease has lapsed
 * the row is claimable again, yet a job still running must not be run a second time beside it: its
 * transaction holds the row from its first statement, so a claim passes over it.
 */
withTestDatabase();
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
        // Every one of them has looked for the row and passed over it while the job still ran.
        expect(await others).toEqual([0, 0, undefined, undefined]);
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
