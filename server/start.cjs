"use strict";
/**
 * `npm start` (issue 25). Without PORTAL_WORKERS, or with 1, this is `next start` in this one
 * process, as it always was. With PORTAL_WORKERS=auto (one per core) or a number, this process
 * becomes a small supervisor (Node's cluster module) and each worker is a `next start` of its own
 * on the same port; the operating system hands each new connection to the next worker.
 *
 * - Every worker is started with this process's Node options, so `--require ./server/preload.cjs`
 *   applies in each (the peer stamp under that worker's own secret, the request gate, the log
 *   guards, S28), and a worker without it would refuse to start as a lone server does.
 * - Each worker has a slot (PORTAL_WORKER_SLOT, 0…N−1) that its replacement inherits: the slot is
 *   part of the server's identity for mail and job leases (lib/config.ts), so a worker starting
 *   never takes back another live worker's leases, and a replacement takes back its dead
 *   predecessor's at once.
 * - A worker that dies (a crash, the kernel's out-of-memory killer) is replaced. One that stops
 *   by itself soon after it started (a setting or the database missing: the portal refuses to
 *   start) is not retried in a loop: the supervisor stops the others and exits with its code.
 *
 * Note: PORTAL_WORKERS is read here and not in lib/config.ts: it decides how many processes start,
 * before any of the portal's code runs (like the preload), and no page needs it.
 */
const cluster = require("node:cluster");
const os = require("node:os");

const NEXT_BIN = require.resolve("next/dist/bin/next");
const MAX_WORKERS = 64;
// A worker that exits by itself within this time of its start failed to start.
const START_GRACE_MS = 15_000;
// More replacements than this in a minute: something kills every worker; stop rather than spin.
const MAX_REPLACEMENTS_PER_MINUTE = 10;

/** @returns {number} the number of server processes PORTAL_WORKERS asks for */
function workerCount(value) {
  const text = String(value ?? "").trim();
  if (text === "") return 1;
  if (text === "auto") return os.availableParallelism();
  if (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_WORKERS) return Number(text);
  throw new Error(`PORTAL_WORKERS must be "auto" (one server process per core) or a number from 1 to ${MAX_WORKERS}; it is "${text}".`);
}

/** A line in the portal's log format (JSON in production), so a collector reads it like the rest. */
function say(level, message, fields = {}) {
  const json = process.env.LOG_FORMAT ? process.env.LOG_FORMAT === "json" : process.env.NODE_ENV === "production";
  const line = json ? JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields }) : `[portal] ${message} ${JSON.stringify(fields)}`;
  // Note: not console, which the preload redacts (it would take the quoted values for a query's).
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
}

function runNextHere(args) {
  process.argv = [process.argv[0], NEXT_BIN, "start", ...args];
  require(NEXT_BIN);
}

function superviseWorkers(count, args) {
  cluster.setupPrimary({ exec: NEXT_BIN, args: ["start", ...args] });
  const slotOf = new Map();
  const startedAt = new Map();
  const replacements = [];
  let stopping = false;

  const fork = (slot) => {
    const worker = cluster.fork({ PORTAL_WORKER_SLOT: String(slot) });
    slotOf.set(worker.id, slot);
    startedAt.set(worker.id, Date.now());
    // Note: "listening", not "online": a worker is online as soon as its process runs, but the
    // supervisor hands it connections only once `next start` has called listen — until then every
    // connection goes to the others, and an operator reading "started" would think it serving.
    worker.once("listening", () => say("info", "server worker listening", { event: "worker", worker: worker.process.pid, slot }));
  };

  const stopAll = (signal) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };

  cluster.on("exit", (worker, code, signal) => {
    const slot = slotOf.get(worker.id);
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    slotOf.delete(worker.id);
    startedAt.delete(worker.id);
    if (stopping) {
      if (slotOf.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    const startFailed = signal === null && lived < START_GRACE_MS;
    const now = Date.now();
    while (replacements.length > 0 && now - replacements[0] > 60_000) replacements.shift();
    if (startFailed || replacements.length >= MAX_REPLACEMENTS_PER_MINUTE) {
      say("error", startFailed ? "a server worker could not start; stopping" : "server workers keep dying; stopping", { event: "worker", worker: worker.process.pid, slot, code, signal });
      process.exitCode = code || 1;
      if (slotOf.size === 0) process.exit(process.exitCode);
      stopAll("SIGTERM");
      return;
    }
    replacements.push(now);
    say("warn", "server worker died; starting another", { event: "worker", worker: worker.process.pid, slot, code, signal });
    fork(slot);
  });

  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stopAll(signal));
  for (let slot = 0; slot < count; slot += 1) fork(slot);
}

let count;
try {
  count = workerCount(process.env.PORTAL_WORKERS);
} catch (error) {
  console.error(`[portal] cannot start: ${error.message}`);
  process.exit(1);
}
// The embedded database (PGlite) is one process's folder: a second process may not open it.
if (count > 1 && !process.env.DATABASE_URL) {
  console.error("[portal] cannot start: PORTAL_WORKERS needs PostgreSQL (DATABASE_URL); the embedded database can be open in one process only.");
  process.exit(1);
}
const args = process.argv.slice(2);
if (count === 1) runNextHere(args);
else superviseWorkers(count, args);
