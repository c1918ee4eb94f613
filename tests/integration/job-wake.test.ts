// after() as Next.js gives it to a request: the work waits here until the test "sends the response".
const mockAfterResponse: Array<() => Promise<unknown>> = [];
jest.mock("next/server", () => ({ after: (work: () => Promise<unknown>) => mockAfterResponse.push(work) }));

import { eq, sql } from "drizzle-orm";
import { advanceClock, resetClock, SECOND } from "@/lib/clock";
import { db } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { enqueueJob, JOBS_TAKEN_UP_AT_ONCE, runDueJobs, runQueuedJob, type JobHandlers } from "@/lib/jobs/queue";
import { setBackgroundPass, wakeFor } from "@/lib/jobs/wake";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 25: a request that queued a job takes it up right after its response (issue 23) and starts
 * a pass only when it could not — every lane busy, the database not answering, or a row the job
 * queued (its mail) that could not be taken up either — and, for whatever else is due (a mail to
 * try again, housekeeping), at most once every ten seconds per process. Before, every such request
 * also started a pass, which claimed in every lane until each found nothing: a "Forgot your
 * password?" request made 51 statements at an unhurried pace, 17 without the pass.
 */
withTestDatabase();

const ran: number[] = [];
let passes = 0;
let onPass: () => void = () => {};
/** Resolves when the next pass starts. */
const passStarted = () => new Promise<void>((resolve) => (onPass = resolve));
let opened: () => void = () => {};
let gate = Promise.resolve();
const handlers: JobHandlers = {
  "test.wake": async (payload) => {
    if (payload.wait) await gate;
    ran.push(payload.n as number);
  },
  // A job whose follow-up (the mail it queued) found no free lane.
  "test.wake-with-mail": async (payload) => {
    ran.push(payload.n as number);
    wakeFor(async () => false);
  },
};

beforeAll(() => {
  // As the server registers them (lib/server/background-work.ts), with a pass that counts its runs.
  setBackgroundPass(
    async () => {
      passes += 1;
      onPass();
      await runDueJobs(handlers);
    },
    (id) => runQueuedJob(id, handlers),
  );
});
beforeEach(async () => {
  mockAfterResponse.length = 0;
  // Every test starts within ten seconds of a request's pass (this request's, if none came before),
  // so the passes it counts are the ones its requests needed.
  await enqueueJob(await db(), "test.wake", { n: -1 });
  await responsesSent();
  ran.length = 0;
  passes = 0;
});
afterEach(() => {
  resetClock();
});

/** The request's response has gone: what it left for after() runs (started at once, as Next.js does). */
function responsesSent(): Promise<unknown[]> {
  return Promise.all(mockAfterResponse.splice(0).map((work) => work()));
}

async function waiting() {
  return (await db()).select({ id: jobs.id }).from(jobs).where(eq(jobs.status, "pending"));
}

describe(`what a request that queued a job starts after its response, on ${testDatabaseLabel()} (issue 25)`, () => {
  it("runs the job it queued, and starts a pass for what else is due only every ten seconds", async () => {
    // Long enough after any request's pass: this one starts one, for the retries and housekeeping due.
    advanceClock(11 * SECOND);
    await enqueueJob(await db(), "test.wake", { n: 1 });
    expect(mockAfterResponse).toHaveLength(1);
    await responsesSent();
    expect(ran).toEqual([1]);
    expect(passes).toBe(1);

    // Within ten seconds of it, requests that take up their own job start none.
    for (let n = 2; n <= 4; n += 1) {
      advanceClock(3 * SECOND);
      await enqueueJob(await db(), "test.wake", { n });
      await responsesSent();
    }
    expect(ran).toEqual([1, 2, 3, 4]);
    expect(passes).toBe(1);
    advanceClock(2 * SECOND);
    await enqueueJob(await db(), "test.wake", { n: 5 });
    await responsesSent();
    expect(passes).toBe(2);
    expect(await waiting()).toHaveLength(0);
  });

  it("starts the pass when every lane is busy, and each job runs once", async () => {
    gate = new Promise<void>((open) => (opened = open));
    for (let n = 0; n < JOBS_TAKEN_UP_AT_ONCE; n += 1) await enqueueJob(await db(), "test.wake", { n, wait: true });
    // Queued before any lane holds the database (PGlite has one connection, which a job's
    // transaction holds while it waits), answered after the others.
    await enqueueJob(await db(), "test.wake", { n: 100 });
    const [lastResponse] = mockAfterResponse.splice(JOBS_TAKEN_UP_AT_ONCE, 1);
    // Every lane takes a request's job and waits inside it.
    const busy = responsesSent();
    const started = passStarted();
    const last = lastResponse();
    await started;
    expect(passes).toBe(1);

    opened();
    await Promise.all([busy, last]);
    expect([...ran].sort((a, b) => a - b)).toEqual([...Array.from({ length: JOBS_TAKEN_UP_AT_ONCE }, (_, n) => n), 100]);
    // The lanes that were busy found nothing left, or the last job, and ask for no second pass.
    expect(passes).toBe(1);
    expect(await waiting()).toHaveLength(0);
  });

  it("starts the pass at once when what the job queued could not be taken up, not after the lane's other jobs", async () => {
    gate = new Promise<void>((open) => (opened = open));
    await enqueueJob(await db(), "test.wake-with-mail", { n: 7 });
    // A job waiting behind it that no request takes up: the lane runs it next, and waits in it.
    await (await db()).insert(jobs).values({ kind: "test.wake", payload: { n: 9, wait: true }, runAfter: new Date(Date.now() - SECOND) });
    const started = passStarted();
    const sent = responsesSent();
    await started;
    expect(ran).toEqual([7]);
    expect(passes).toBe(1);
    opened();
    await sent;
    expect(ran).toEqual([7, 9]);
    expect(passes).toBe(1);
  });

  it("starts the pass when the database refused the take-up's claim", async () => {
    const database = await db();
    await enqueueJob(database, "test.wake", { n: 8 });
    // The database itself refuses the first claim of a lease (as a statement cut by its time limit
    // would fail), and takes the next: the take-up's claim fails, the pass's succeeds.
    await database.execute(sql`create sequence refused_claims`);
    await database.execute(sql`create function refuse_first_claim() returns trigger language plpgsql as $$ begin if nextval('refused_claims') = 1 then raise exception 'claim refused'; end if; return new; end $$`);
    await database.execute(sql`create trigger refuse_first_claim before update on jobs for each row when (new.locked_by is not null) execute function refuse_first_claim()`);
    try {
      await responsesSent();
    } finally {
      await database.execute(sql`drop trigger refuse_first_claim on jobs`);
      await database.execute(sql`drop function refuse_first_claim()`);
      await database.execute(sql`drop sequence refused_claims`);
    }
    expect(passes).toBe(1);
    expect(ran).toEqual([8]);
    expect(await waiting()).toHaveLength(0);
  });
});
