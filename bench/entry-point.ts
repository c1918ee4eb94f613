/**
 * What every `npm run bench…` command does around what it measures: which database its servers
 * get, the machine a figure was taken on, the figures written to bench/*.json, every server it
 * started stopped whatever happens, and the exit. Each entry point keeps only its measuring.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAverage } from "./load";

export type BenchDatabase = { url: string | undefined; label: "PostgreSQL" | "embedded PGlite" };

let chosen: BenchDatabase | undefined;

/**
 * The database for this run: fresh ones on the PostgreSQL server in DATABASE_URL, else embedded
 * PGlite. Note: startPortal makes its fresh database on TEST_DATABASE_URL's server (as the browser
 * tests do), so the URL moves there; left in DATABASE_URL, the server would use that database
 * itself. Chosen once: `npm run bench` runs the soak after its own part, with DATABASE_URL moved.
 * `needsPostgres` names a command that cannot run embedded (the floor reads PostgreSQL).
 */
export function benchDatabase(needsPostgres: string): BenchDatabase & { url: string };
export function benchDatabase(): BenchDatabase;
export function benchDatabase(needsPostgres?: string): BenchDatabase {
  if (!chosen) {
    const url = process.env.DATABASE_URL;
    if (url) process.env.TEST_DATABASE_URL = url;
    else delete process.env.TEST_DATABASE_URL;
    delete process.env.E2E_DATABASE_URL;
    delete process.env.DATABASE_URL;
    chosen = { url, label: url ? "PostgreSQL" : "embedded PGlite" };
  }
  if (!chosen.url && needsPostgres) throw new Error(`${needsPostgres} needs PostgreSQL: set DATABASE_URL=postgres://… (the floor gets its own database on that server).`);
  return chosen;
}

/** Anything the bench starts: the portal and the floor stop, a fresh database is dropped. */
type Started = { stop: () => Promise<void> } | { drop: () => Promise<void> };

/** Starts it, hands it to `measure`, and stops (or drops) it whether `measure` finishes or throws. */
export async function whileRunning<Server extends Started, Result>(starting: Promise<Server>, measure: (server: Server) => Promise<Result>): Promise<Result> {
  const server = await starting;
  try {
    return await measure(server);
  } finally {
    await ("stop" in server ? server.stop() : server.drop());
  }
}

/** The machine a figure was taken on, with its load average at the start and now: it is shared, and the load changes what is measured. */
export function machine(loadAverageAtStart: number[]) {
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtStart, loadAverageAtEnd: loadAverage() };
}

const resultsFile = (file: string) => path.join(process.cwd(), "bench", file);

/** A results file's figures, or none yet. */
export function savedResults<Results = Record<string, unknown>>(file: string): Partial<Results> {
  return existsSync(resultsFile(file)) ? (JSON.parse(readFileSync(resultsFile(file), "utf8")) as Partial<Results>) : {};
}

/** Writes bench/<file>; with `part`, only that key, and the file's other figures stay as they were. */
export function saveResults(file: string, results: unknown, part?: string) {
  const written = part ? { ...savedResults(file), [part]: results } : results;
  writeFileSync(resultsFile(file), `${JSON.stringify(written, null, 2)}\n`);
  console.log(`\nWritten to bench/${file}${part ? ` (${part})` : ""}`);
}

/**
 * Runs an entry point and exits: 0, or 1 with the error. Note: the exit also ends what a library
 * keeps open (autocannon's agents, a pool's timers); the servers were stopped by then.
 */
export function runBench(main: () => Promise<unknown>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
