/**
 * npm run bench:profile (issue 25) — where a request's milliseconds go in the production server.
 *
 * Without arguments (after `npm run build`; DATABASE_URL as for `npm run bench`): for each of a
 * successful sign-in, a "Forgot your password?" request and the Knowledge Base page signed in, it
 * starts the portal with `--cpu-prof`, warms it up, pauses, puts it under the bench's load (16
 * connections, BENCH_SECONDS, default 15), pauses again and stops it, so Node writes the profile.
 * With `.cpuprofile` files as arguments it only reads them.
 *
 * How a profile is read: bench/profile-reading.ts. Note: the main thread only. argon2id runs on
 * libuv's thread pool and is not in these tables (the bench measures it alone); everything else a
 * request costs is.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPortal, type Portal } from "../tests/e2e/support/portal-server";
import { argon2idBound, formBody, loadAt16, processCpuMs, processTree, signedInCookie, type LoadTarget } from "./load";
import { readProfile, type AreaTable } from "./profile-reading";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PAUSE_MS = 1500;
const PASSWORD = "benchmark lantern orchard ridge";

function printTable(title: string, table: AreaTable) {
  console.log(`\n${title}: ${table.totalMsPerRequest.toFixed(2)} ms of main-thread CPU per request (${table.requests} requests)\n`);
  console.log("| area | ms per request | share |\n|---|---|---|");
  for (const row of table.areas) if (row.share >= 0.005) console.log(`| ${row.area} | ${row.msPerRequest.toFixed(2)} | ${(100 * row.share).toFixed(1)} % |`);
}

const SCENARIOS = {
  signIn: "a successful sign-in",
  resetRequest: '"Forgot your password?"',
  pageSignedIn: "the Knowledge Base page, signed in",
} as const;
type Scenario = keyof typeof SCENARIOS;

async function target(portal: Portal, scenario: Scenario): Promise<LoadTarget> {
  const base = portal.baseUrl;
  const common = { origin: base, serverPid: portal.pid };
  const signIn = (username: string) => formBody(base, "/signin", "signin-form", [["username", username], ["password", PASSWORD]]);
  if (scenario === "signIn") return { ...common, url: `${base}/signin`, form: await signIn("profile_signin") };
  if (scenario === "resetRequest") return { ...common, url: `${base}/forgot-password`, form: await formBody(base, "/forgot-password", "forgot-password-form", [["email", "profile_reset@example.test"]]) };
  return { ...common, url: `${base}/knowledge-base`, cookie: await signedInCookie(base, await signIn("profile_page"), /portal\.session=/) };
}

/**
 * Waits until the server has finished what it was given (a slow sign-in queue goes on after the
 * load generator stops), then stays away for PAUSE_MS: the idle stretch the reading looks for.
 */
async function quietPause(pid: number) {
  const deadline = Date.now() + 120_000;
  const cpu = () => processTree(pid).reduce((sum, each) => sum + processCpuMs(each), 0);
  let last = cpu();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpu();
    if (now - last < 20) break;
    last = now;
  }
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}

/** The server's profile: Node writes it as the process exits, which can take a while on a busy machine. */
async function writtenProfile(directory: string, before: Set<string>, exited: () => boolean): Promise<string> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    // The server's own profile is the largest (any helper process Node starts writes one too).
    const written = readdirSync(directory)
      .filter((name) => name.endsWith(".cpuprofile") && !before.has(name))
      .sort((a, b) => statSync(path.join(directory, b)).size - statSync(path.join(directory, a)).size);
    if (written.length > 0 && exited()) return written[0];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server wrote no profile within 2 minutes of SIGTERM");
}

const monotonicMicroseconds = () => Number(process.hrtime.bigint() / 1000n);

async function profileScenario(scenario: Scenario, directory: string): Promise<{ requests: number; file: string; window: [number, number]; serverCpuMs: number }> {
  const before = new Set(readdirSync(directory));
  const accounts = ["profile_signin", "profile_reset", "profile_page"].map((name) => ({ username: name, email: `${name}@example.test`, name, password: PASSWORD }));
  // Note: the timer's passes would land in the load's stretch at random; the pass each request
  // that queues work starts after its response (lib/jobs/wake) still runs, as on Vercel.
  const portal = await startPortal(accounts, { RATE_LIMIT_SCALE: "100000", OUTBOX_POLL_SECONDS: "0", NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${directory}` });
  try {
    const load = await target(portal, scenario);
    await loadAt16(load, 3, { timeoutSeconds: 120 }); // warm-up
    await quietPause(portal.pid);
    // Note: a generous timeout, so that no request's work is counted without the request.
    const from = monotonicMicroseconds();
    const result = await loadAt16(load, SECONDS, { timeoutSeconds: 120 });
    const window: [number, number] = [from, monotonicMicroseconds()];
    console.log(`${SCENARIOS[scenario]}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.serverCpuMsPerRequest.toFixed(1)} ms of server CPU per request (all threads), ${result.errors} errors`);
    await quietPause(portal.pid);
    process.kill(portal.pid, "SIGTERM");
    return { requests: result.requests, window, serverCpuMs: result.serverCpuMsPerRequest, file: await writtenProfile(directory, before, portal.exited) };
  } finally {
    await portal.stop();
  }
}

type Reading = AreaTable & { profile: string; serverCpuMsPerRequest: number; argon2idCpuMs: number; mainThreadMs: number; window?: [number, number] };

/** `--again`: reads the last run's profiles once more (after a change to how they are read). */
function readAgain() {
  const file = path.join(process.cwd(), "bench", "profile-results.json");
  const saved = JSON.parse(readFileSync(file, "utf8")) as { scenarios: Record<Scenario, Reading> };
  for (const [scenario, reading] of Object.entries(saved.scenarios) as Array<[Scenario, Reading]>) {
    const table = readProfile(JSON.parse(readFileSync(reading.profile, "utf8")), reading.requests, reading.window, reading.mainThreadMs);
    saved.scenarios[scenario] = { ...reading, ...table };
    printTable(SCENARIOS[scenario], table);
  }
  writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
}

async function main() {
  if (process.argv[2] === "--again") return readAgain();
  const files = process.argv.slice(2);
  if (files.length > 0) {
    for (const file of files) printTable(path.basename(file), readProfile(JSON.parse(readFileSync(file, "utf8")), Number(process.env.PROFILE_REQUESTS ?? 1)));
    return;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) process.env.TEST_DATABASE_URL = databaseUrl;
  else delete process.env.TEST_DATABASE_URL;
  delete process.env.E2E_DATABASE_URL;
  delete process.env.DATABASE_URL;
  const results: Record<string, Reading> = {};
  // Kept for a second look (`npm run bench:profile -- <file>`, or Chrome's DevTools); .data is not committed.
  const directory = path.join(process.cwd(), ".data", "profiles", new Date().toISOString().replace(/[:.]/g, "-"));
  mkdirSync(directory, { recursive: true });
  const bound = await argon2idBound(PASSWORD);
  {
    for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
      const { requests, file, window, serverCpuMs } = await profileScenario(scenario, directory);
      // The main thread's share of the server's CPU: all of it, less argon2id's on the thread pool.
      const mainThreadMs = scenario === "signIn" ? serverCpuMs - bound.cpuMsPerVerification : serverCpuMs;
      const table = readProfile(JSON.parse(readFileSync(path.join(directory, file), "utf8")), requests, window, mainThreadMs);
      results[scenario] = { ...table, serverCpuMsPerRequest: serverCpuMs, argon2idCpuMs: scenario === "signIn" ? bound.cpuMsPerVerification : 0, mainThreadMs, window, profile: path.join(directory, file) };
      printTable(SCENARIOS[scenario], table);
    }
  }
  const file = path.join(process.cwd(), "bench", "profile-results.json");
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), database: databaseUrl ? "PostgreSQL" : "embedded PGlite", seconds: SECONDS, loadAverage: os.loadavg(), scenarios: results }, null, 2)}\n`);
  console.log(`\nWritten to bench/profile-results.json; the profiles are in ${path.relative(process.cwd(), directory)}`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
