import { spawnSync } from "node:child_process";
import http from "node:http";
import postgres from "postgres";
import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";

/**
 * Issue 25: `PORTAL_WORKERS=2 npm start` runs two server processes on one port (server/start.cjs).
 * Each is a full portal — its own preload (S28's peer stamp, the request gate), its own background
 * work — and the work they share lives in PostgreSQL, claimed row by row: a reset asked of one
 * worker is mailed once, whichever worker's pass finds it. A worker that dies is replaced.
 */
const customers = Array.from({ length: 6 }, (_, i) => ({
  username: `worker_kim${i}`,
  email: `worker.kim${i}@example.test`,
  name: `Kim Worker ${i}`,
  password: "worker lantern orchard ridge",
}));

type LogLine = { event?: string; msg?: string; pid?: number; worker?: number; slot?: number };

function logLines(portal: Portal): LogLine[] {
  return portal
    .log()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        return {};
      }
    });
}

/** Workers the supervisor hands connections to: each has called listen (server/start.cjs). */
const listeningWorkers = (portal: Portal) => logLines(portal).filter((line) => line.event === "worker" && line.msg === "server worker listening");

/** Waits (polling the log, no fixed sleep) until `check` holds, or fails after `ms`. */
async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Many requests at once (so both workers get connections), and the pids whose request lines
 * answered them. The request line is written by the preload's hook (server/preload.cjs), so a pid
 * here is a worker the preload is installed in.
 */
/**
 * /api/health's status, asked on a connection of its own (0 when none could be made). Note: fetch
 * keeps its connections; once every kept one led to the surviving worker (the replacement was
 * still starting when the round needed new ones), later rounds never reached the replacement, and
 * the test waited out its minute in CI. A new connection is handed to a worker in turn.
 */
function healthOnNewConnection(portal: Portal): Promise<number> {
  return new Promise((resolve) => {
    const asked = http.get(`${portal.baseUrl}/api/health`, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", () => resolve(0));
    });
    asked.on("error", () => resolve(0));
  });
}

async function answer(portal: Portal, requests = 40): Promise<{ statuses: number[]; pids: Set<number> }> {
  const before = logLines(portal).length;
  const statuses = await Promise.all(Array.from({ length: requests }, () => healthOnNewConnection(portal)));
  const answered = statuses.filter((status) => status > 0).length;
  const lines = await until("the requests' log lines", () => {
    const fresh = logLines(portal).slice(before).filter((line) => line.event === "request");
    return fresh.length >= answered && fresh;
  });
  return { statuses, pids: new Set(lines.map((line) => line.pid!)) };
}

/** Rounds of `answer` until one reaches the workers `wanted` asks for with every answer 200 (or a minute passes); the last round. */
async function roundsUntilServing(portal: Portal, wanted: (answering: Set<number>) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const round = await answer(portal);
    if ((wanted(round.pids) && round.statuses.every((status) => status === 200)) || Date.now() > deadline) return round;
  }
}

describe("PORTAL_WORKERS=2: one server process per core", () => {
  let portal: Portal;
  let database: postgres.Sql;
  beforeAll(async () => {
    portal = await startPortal(customers, { PORTAL_WORKERS: "2", LOG_FORMAT: "json", OUTBOX_POLL_SECONDS: "1" });
    database = postgres(portal.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await database?.end();
    await portal?.stop();
  });

  it("two worker processes answer, each with the preload in place (S28's peer stamp, the request log, the gate)", async () => {
    const workers = await until("two workers", () => {
      const listening = listeningWorkers(portal);
      return listening.length >= 2 && listening;
    });
    const pids = new Set(workers.map((line) => line.worker!));
    expect(pids.size).toBe(2);
    expect(pids.has(portal.pid)).toBe(false);
    // A worker that has just begun listening may still be opening its database (its health check
    // answers 503 then, as a lone server's does); it serves once a round reaches it with all 200.
    const { statuses, pids: answering } = await roundsUntilServing(portal, (answering) => pids.size === answering.size && [...pids].every((pid) => answering.has(pid)));
    expect(statuses).toEqual(Array(statuses.length).fill(200));
    expect([...answering].sort()).toEqual([...pids].sort());
  });

  it("a path that does not decode is refused by every worker's request gate", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, async () => (await fetch(`${portal.baseUrl}/%E0%A4%A`)).status));
    expect(answers).toEqual(Array(8).fill(400));
  });

  it("each reset asked at the same moment is mailed exactly once, though both workers run background passes", async () => {
    const asked = customers.slice(0, 5);
    const answers = await Promise.all(asked.map((customer) => postForm(portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", customer.email]])));
    expect(answers.map((answer) => answer.status)).toEqual(Array(asked.length).fill(303));
    for (const customer of asked) await portal.receiver.waitFor((mail) => mail.envelopeTo.includes(customer.email), 30_000);
    // Every row claimed once (attempts counts claims) and done: no second copy can still be on its way.
    // The receiver has each message a moment before the worker that sent it marks its row "sent",
    // so the rows are read once none is still being sent (a row left pending fails the wait).
    const rows = await until("every outbox row settled", async () => {
      const found = await database<Array<{ recipient: string; status: string; attempts: number }>>`
        select recipient, status, attempts from outbox where recipient in ${database(asked.map((customer) => customer.email))}`;
      return found.length === asked.length && found.every((row) => row.status !== "pending") && found;
    }, 30_000);
    expect(rows).toHaveLength(asked.length);
    for (const row of rows) expect({ status: row.status, attempts: row.attempts }).toEqual({ status: "sent", attempts: 1 });
    for (const customer of asked) expect(portal.receiver.messages.filter((mail) => mail.envelopeTo.includes(customer.email))).toHaveLength(1);
  });

  it("a worker that dies is replaced in its slot, and the new one answers", async () => {
    const before = listeningWorkers(portal);
    const victim = before[0];
    process.kill(victim.worker!, "SIGKILL");
    const replacement = await until("a replacement worker", () => listeningWorkers(portal).slice(before.length).find((line) => line.slot === victim.slot));
    expect(replacement.worker).not.toBe(victim.worker);
    // While a new worker is still opening its database (past the health check's 2 s on a busy
    // machine) its health check answers 503, as a lone server's does; it is serving once a round of
    // requests reaches it and every answer is 200.
    const { statuses, pids: answering } = await roundsUntilServing(portal, (answering) => answering.has(replacement.worker!));
    expect(answering.has(replacement.worker!)).toBe(true);
    expect(answering.has(victim.worker!)).toBe(false);
    expect(statuses).toEqual(Array(statuses.length).fill(200));
    expect(portal.exited()).toBe(false);
  });
});

describe("a PORTAL_WORKERS start that cannot work", () => {
  it("stops at once when the value is neither auto nor a number, naming the setting", () => {
    const started = spawnSync(process.execPath, ["--require", "./server/preload.cjs", "server/start.cjs"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PORTAL_WORKERS: "lots" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('PORTAL_WORKERS must be "auto" (one server process per core) or a number from 1 to 64');
  });

  it("is refused on the embedded database, which one process at a time may open", () => {
    const started = spawnSync(process.execPath, ["--require", "./server/preload.cjs", "server/start.cjs"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PORTAL_WORKERS: "2", EMBEDDED_DATABASE: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain("PORTAL_WORKERS needs PostgreSQL (DATABASE_URL)");
  });
});
