import { eq, sql } from "drizzle-orm";
import { GET } from "@/app/api/health/route";
import { GET as getReady } from "@/app/api/health/ready/route";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { jobs, outbox } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/queue";
import { deliverDueMail } from "@/lib/mail/delivery";
import { enqueueMail } from "@/lib/mail/outbox";
import { forgetProbeFigures, PROBE_FIGURES_REUSED_MS } from "@/lib/operations/readiness";
import { requestContexts } from "@/lib/log";
import packageJson from "@/package.json";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();

const SETTINGS = ["READY_MAX_MAIL_WAIT_SECONDS", "READY_MAX_JOB_WAIT_SECONDS", "READY_MAX_DEAD_MAIL", "READY_MAX_DEAD_JOBS", "GIT_COMMIT"];
const message = { template: "test", subject: "Hello", html: "<p>Hello</p>", text: "Hello" };

afterEach(async () => {
  // Each test reads the figures it has just set up, not the last test's.
  forgetProbeFigures();
  resetClock();
  for (const name of SETTINGS) delete process.env[name];
  reloadConfig();
  const database = await db();
  await database.delete(outbox);
  await database.delete(jobs);
});

async function ready() {
  const response = await getReady();
  expect(response.headers.get("cache-control")).toBe("no-store");
  return { status: response.status, body: await response.json() };
}

describe(`GET /api/health, on ${testDatabaseLabel()}`, () => {
  it("answers 200 with the database reachable", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", database: { reachable: true } });
  });
});

// The embedded database answers inside this process, before any timer could fire: only a server
// across a socket shows the difference.
const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

describe(`the health probes when the process stalls, on ${testDatabaseLabel()}`, () => {
  onPostgres("answer 200 when the process stalls past their two-second deadline right after they ask (a stall is not an outage)", async () => {
    const answers = Promise.all([GET(), getReady()]);
    // Once their queries are on their way, a stall longer than the deadline: on the next turn of
    // the loop a plain timer would fire before the answers were read.
    await new Promise((resolve) => setImmediate(resolve));
    const until = Date.now() + 2_500;
    while (Date.now() < until);
    const [health, readiness] = await answers;
    expect(health.status).toBe(200);
    expect(readiness.status).toBe(200);
  });
});

describe(`GET /api/health/ready, on ${testDatabaseLabel()} (issue 29)`, () => {
  it("answers 200 on a quiet portal with the release, current migrations, and empty mail and job figures", async () => {
    process.env.GIT_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    reloadConfig();
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      problems: [],
      version: packageJson.version,
      commit: "0123456789abcdef0123456789abcdef01234567",
      database: { reachable: true, migrations: { current: true } },
      mail: { waiting: 0, oldestWaitingSeconds: null, dead: 0, lastSentAt: null },
      jobs: { waiting: 0, oldestDueSeconds: null, dead: 0 },
    });
    expect(body.database.migrations.applied).toBe(body.database.migrations.expected);
  });

  it("reports the last successful send once a mail has gone out, and names no recipient", async () => {
    const id = await enqueueMail(await db(), "health-recipient@example.test", message);
    await deliverDueMail();
    await receiver.waitFor((m) => m.envelopeTo.includes("health-recipient@example.test"));
    const [sent] = await (await db()).select({ sentAt: outbox.sentAt }).from(outbox).where(eq(outbox.id, id));
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(new Date(body.mail.lastSentAt).getTime()).toBe(sent.sentAt!.getTime());
    expect(JSON.stringify(body)).not.toContain("health-recipient");
  });

  it("goes 503 when mail has waited longer than READY_MAX_MAIL_WAIT_SECONDS, saying how long", async () => {
    process.env.READY_MAX_MAIL_WAIT_SECONDS = "600";
    reloadConfig();
    receiver.rejectAll(true);
    try {
      await enqueueMail(await db(), "waiting@example.test", message);
      await deliverDueMail();
      expect((await ready()).status).toBe(200);
      advanceClock(11 * MINUTE);
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body.mail).toMatchObject({ waiting: 1, oldestWaitingSeconds: expect.any(Number) });
      expect(body.mail.oldestWaitingSeconds).toBeGreaterThan(600);
      expect(body.problems).toEqual([expect.stringMatching(/^mail: the oldest waiting message has waited \d+ s \(limit 600 s\)$/)]);
    } finally {
      receiver.rejectAll(false);
    }
  });

  it("goes 503 on dead mail and dead jobs past their limits, and not while no limit is set", async () => {
    const database = await db();
    const mailId = await enqueueMail(database, "dead@example.test", message);
    await database.update(outbox).set({ status: "dead" }).where(eq(outbox.id, mailId));
    await enqueueJob(database, "health-test", {});
    await database.update(jobs).set({ status: "dead" });
    expect(await ready()).toMatchObject({ status: 200, body: { mail: { dead: 1 }, jobs: { dead: 1 } } });

    process.env.READY_MAX_DEAD_MAIL = "0";
    process.env.READY_MAX_DEAD_JOBS = "0";
    reloadConfig();
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.problems).toEqual(["mail: 1 dead (limit 0)", "jobs: 1 dead (limit 0)"]);
  });

  it("goes 503 when a job has been due longer than READY_MAX_JOB_WAIT_SECONDS (nothing is running it)", async () => {
    process.env.READY_MAX_JOB_WAIT_SECONDS = "300";
    reloadConfig();
    await enqueueJob(await db(), "health-test", {});
    expect((await ready()).status).toBe(200);
    advanceClock(6 * MINUTE);
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.jobs.waiting).toBe(1);
    expect(body.problems).toEqual([expect.stringMatching(/^jobs: a due job has waited \d+ s \(limit 300 s\)$/)]);
  });

  it("goes 503 when the database lacks a migration this release ships", async () => {
    const database = await db();
    // Note: a plain table, not a temporary one: the pool's next statement may use another connection.
    await database.execute(sql`create table held_migration as select * from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
    try {
      await database.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select created_at from held_migration)`);
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body.database.migrations.current).toBe(false);
      expect(body.problems).toEqual(["database: migrations not applied"]);
    } finally {
      await database.execute(sql`insert into drizzle.__drizzle_migrations select * from held_migration`);
      await database.execute(sql`drop table held_migration`);
    }
    // Probes share one read for a moment (finding F2); past it, the restored migration is seen.
    advanceClock(PROBE_FIGURES_REUSED_MS);
    expect((await ready()).status).toBe(200);
  });

  it("answers every check at once from concurrent probes with the same figures", async () => {
    await enqueueMail(await db(), "concurrent@example.test", message);
    const answers = await Promise.all(Array.from({ length: 10 }, () => ready()));
    expect(new Set(answers.map((answer) => `${answer.status}:${answer.body.mail.waiting}`))).toEqual(new Set(["200:1"]));
  });
});

/** The statements sent while `work` runs, counted as a request's are (lib/db/query-count.ts). */
async function statementsSent<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const context = { requestId: "readiness-test" } as { requestId: string; queries?: number };
  const result = await requestContexts().run(context, work);
  return { result, statements: context.queries ?? 0 };
}

describe(`GET /api/health/ready under a burst of unauthenticated probes, on ${testDatabaseLabel()} (review finding F2, S47)`, () => {
  it("runs the figures' transaction once for 50 concurrent probes, all answered alike, and again for a burst after the window", async () => {
    await enqueueMail(await db(), "burst@example.test", message);
    // One probe alone: the statements one read of the figures sends.
    const single = await statementsSent(() => ready());
    expect(single.result.status).toBe(200);
    expect(single.statements).toBeGreaterThan(3);

    advanceClock(PROBE_FIGURES_REUSED_MS);
    const burst = await statementsSent(() => Promise.all(Array.from({ length: 50 }, () => ready())));
    expect(burst.statements).toBe(single.statements);
    expect(new Set(burst.result.map((answer) => JSON.stringify(answer)))).toEqual(new Set([JSON.stringify({ status: 200, body: burst.result[0].body })]));
    expect(burst.result[0].body.mail.waiting).toBe(1);

    // Within the window a new probe costs nothing; past it, a new burst reads once more.
    expect((await statementsSent(() => ready())).statements).toBe(0);
    await enqueueMail(await db(), "burst2@example.test", message);
    advanceClock(PROBE_FIGURES_REUSED_MS);
    const again = await statementsSent(() => Promise.all(Array.from({ length: 50 }, () => ready())));
    expect(again.statements).toBe(single.statements);
    expect(new Set(again.result.map((answer) => `${answer.status}:${answer.body.mail.waiting}`))).toEqual(new Set(["200:2"]));
  });

  it("shares a failed read with the probes of its moment only: past the window the next probe reads afresh", async () => {
    const database = await db();
    // A table the figures read, gone: every statement on it fails, on both databases.
    await database.execute(sql`alter table outbox rename to outbox_away`);
    let failed;
    try {
      failed = await statementsSent(() => Promise.all(Array.from({ length: 20 }, () => ready())));
    } finally {
      await database.execute(sql`alter table outbox_away rename to outbox`);
    }
    expect(new Set(failed.result.map((answer) => JSON.stringify(answer)))).toEqual(
      new Set([JSON.stringify({ status: 503, body: { status: "unavailable", problems: ["database: not reachable"], version: packageJson.version, commit: null, database: { reachable: false } } })]),
    );
    // Within the window the failure is still the answer (the database is not asked again) …
    expect(await statementsSent(() => ready())).toMatchObject({ result: { status: 503 }, statements: 0 });
    // … and not after it.
    advanceClock(PROBE_FIGURES_REUSED_MS);
    expect((await ready()).status).toBe(200);
  });
});
