import { db } from "@/lib/db";
import { BACKGROUND_CONNECTIONS, backgroundConnectionsHeld, withBackgroundConnection } from "@/lib/db/background-connections";
import { enqueueJob, oldestWaitingJobAge } from "@/lib/jobs/queue";
import { enqueueMail, mailCounts, oldestWaitingMailAge } from "@/lib/mail/outbox";
import { metricsText } from "@/lib/operations/metrics";
import { readiness } from "@/lib/operations/readiness";
import { holdInTransaction } from "../support/held-transaction";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 24: an operator's health page must not wait for background work. Its figures are read on
 * the pool's connections for requests, never on one of the background connections (which wait
 * their turn behind a backlog), in one short transaction whose statements are cut at two seconds.
 */
const database = withTestDatabase();
const bulk = { template: "bulk", subject: "Weekly digest", html: "<p>Digest</p>", text: "Digest" };

/** Holds every background connection, and `waiting` more ask for one, until released. */
function holdEveryBackgroundConnection(waiting: number) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const holders = Array.from({ length: BACKGROUND_CONNECTIONS + waiting }, () => withBackgroundConnection(() => gate));
  return {
    release: async () => {
      release();
      await Promise.all(holders);
    },
  };
}

describe(`the operator's figures under a backlog, on ${testDatabaseLabel()} (issue 24, S47)`, () => {
  it("answers the health report, the metrics and the outbox and job figures while background work holds every one of its connections and more wait", async () => {
    const handle = await db();
    for (let n = 0; n < 40; n += 1) await enqueueMail(handle, `backlog${n}@example.test`, bulk);
    for (let n = 0; n < 20; n += 1) await enqueueJob(handle, "test.waiting", { n });
    const busy = holdEveryBackgroundConnection(3);
    try {
      expect(backgroundConnectionsHeld()).toMatchObject({ held: BACKGROUND_CONNECTIONS, waiting: 3 });
      const report = await readiness();
      expect(report.database).toMatchObject({ reachable: true });
      expect(report.mail).toMatchObject({ waiting: 40, dead: 0 });
      expect(report.jobs).toMatchObject({ waiting: 20, dead: 0 });
      expect(await mailCounts()).toMatchObject({ pending: 40 });
      expect(await oldestWaitingMailAge()).toBeGreaterThanOrEqual(0);
      expect(await oldestWaitingJobAge()).toBeGreaterThanOrEqual(0);
      expect((await metricsText()).text).toMatch(/^portal_outbox_waiting 40$/m);
      // None of them took a background connection or queued for one.
      expect(backgroundConnectionsHeld()).toMatchObject({ held: BACKGROUND_CONNECTIONS, waiting: 3 });
    } finally {
      await busy.release();
    }
    expect(backgroundConnectionsHeld()).toMatchObject({ held: 0, waiting: 0 });
  });

  // Only PostgreSQL has a second connection to hold the table with.
  (testDatabaseLabel() === "PostgreSQL" ? it : it.skip)("gives up within its time limit when the outbox is locked, and its statement is cancelled rather than left holding a connection", async () => {
    // An operator's migration by hand, say: the outbox locked in an open transaction.
    const migration = holdInTransaction(database.current().url!, (sql) => sql`lock table outbox in access exclusive mode`);
    try {
      await migration.isHeld;
      const started = performance.now();
      const report = await readiness();
      expect(report).toMatchObject({ status: "unavailable", problems: ["database: not reachable"] });
      // The statement itself is cut at two seconds (not only the answer given up).
      await expect(oldestWaitingMailAge()).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      await migration.release();
    }
    // Once the lock is gone the figures answer again.
    expect((await readiness()).database).toMatchObject({ reachable: true });
  });
});
