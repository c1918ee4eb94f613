/**
 * npm run bench:profile (issue 25) — where a request's milliseconds go in the production server.
 *
 * Without arguments (after `npm run build`; DATABASE_URL as for `npm run bench`): for each of a
 * successful sign-in, a "Forgot your password?" request and the Knowledge Base page signed in and
 * signed out, it starts the portal with `--cpu-prof`, warms it up, pauses, puts it under the
 * bench's load (16 connections, BENCH_SECONDS, default 15), pauses again and stops it, so Node
 * writes the profile.
 * With `.cpuprofile` files as arguments it only reads them.
 *
 * How a profile is read: bench/profile-reading.ts. Note: the main thread only. argon2id runs on
 * libuv's thread pool and is not in these tables (the bench measures it alone); everything else a
 * request costs is.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPortal, type Portal } from "../tests/e2e/support/portal-server";
import { benchDatabase, runBench, savedResults, saveResults, whileRunning } from "./entry-point";
import { argon2idBound, formBody, loadAt16, processTree, SIGN_IN_ACCOUNTS, signedInCookie, signInTarget, untilQuiet, type LoadTarget } from "./load";
import { readProfile, type AreaTable } from "./profile-reading";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PAUSE_MS = 1500;
const PASSWORD = "benchmark lantern orchard ridge";
// Taken in turn by the sign-in load (SIGN_IN_ACCOUNTS).
const SIGNING_IN = Array.from({ length: SIGN_IN_ACCOUNTS }, (_, i) => `profile_signin${i}`);

function printTable(title: string, table: AreaTable) {
  console.log(`\n${title}: ${table.totalMsPerRequest.toFixed(2)} ms of main-thread CPU per request (${table.requests} requests)\n`);
  console.log("| area | ms per request | share |\n|---|---|---|");
  for (const row of table.areas) if (row.share >= 0.005) console.log(`| ${row.area} | ${row.msPerRequest.toFixed(2)} | ${(100 * row.share).toFixed(1)} % |`);
}

const SCENARIOS = {
  signIn: "a successful sign-in from a new browser",
  signInKnownBrowser: "a successful sign-in from a browser the account knows",
  resetRequest: '"Forgot your password?"',
  pageSignedIn: "the Knowledge Base page, signed in",
  pageSignedOut: "the Knowledge Base page, signed out",
} as const;
type Scenario = keyof typeof SCENARIOS;

async function target(portal: Portal, scenario: Scenario): Promise<LoadTarget> {
  const base = portal.baseUrl;
  const common = { origin: base, serverPid: portal.pid };
  const signIn = (username: string) => formBody(base, "/signin", "signin-form", [["username", username], ["password", PASSWORD]]);
  const signingIn = SIGNING_IN.map((username) => ({ username, password: PASSWORD }));
  // Every sign-in from a new browser, which queues the notice of a new sign-in and mails it (issue 16).
  if (scenario === "signIn") return { ...common, ...(await signInTarget(base, signingIn)) };
  // The usual case (issue 25): the customer's own browser, whose id cookie the first sign-in set.
  if (scenario === "signInKnownBrowser") return { ...common, ...(await signInTarget(base, signingIn, await signedInCookie(base, await signIn(SIGNING_IN[0]), /portal\.browser=/))) };
  if (scenario === "resetRequest") return { ...common, url: `${base}/forgot-password`, form: await formBody(base, "/forgot-password", "forgot-password-form", [["email", "profile_reset@example.test"]]) };
  if (scenario === "pageSignedOut") return { ...common, url: `${base}/knowledge-base` };
  return { ...common, url: `${base}/knowledge-base`, cookie: await signedInCookie(base, await signIn("profile_page"), /portal\.session=/) };
}

/**
 * Waits until the server has finished what it was given (a slow sign-in queue goes on after the
 * load generator stops), then stays away for PAUSE_MS: the idle stretch the reading looks for.
 */
async function quietPause(pid: number) {
  await untilQuiet(processTree(pid), 120_000);
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
  const accounts = [...SIGNING_IN, "profile_reset", "profile_page"].map((name) => ({ username: name, email: `${name}@example.test`, name, password: PASSWORD }));
  // Note: the timer's passes would land in the load's stretch at random; the passes requests start
  // after their responses (lib/jobs/wake: when a take-up could not, and every ten seconds) still run, as on Vercel.
  return whileRunning(startPortal(accounts, { RATE_LIMIT_SCALE: "100000", OUTBOX_POLL_SECONDS: "0", NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${directory}` }), async (portal) => {
    const load = await target(portal, scenario);
    await loadAt16(load, 3, { timeoutSeconds: 120 }); // warm-up
    await quietPause(portal.pid);
    // Note: a generous timeout, so that no request's work is counted without the request.
    const from = monotonicMicroseconds();
    const result = await loadAt16(load, SECONDS, { timeoutSeconds: 120 });
    const window: [number, number] = [from, monotonicMicroseconds()];
    console.log(`${SCENARIOS[scenario]}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.serverCpuMsPerRequest.toFixed(1)} ms of server CPU per request (all threads), ${result.errors} errors, ${result.refused} refused`);
    await quietPause(portal.pid);
    process.kill(portal.pid, "SIGTERM");
    return { requests: result.requests, window, serverCpuMs: result.serverCpuMsPerRequest, file: await writtenProfile(directory, before, portal.exited) };
  });
}

type Reading = AreaTable & { profile: string; serverCpuMsPerRequest: number; argon2idCpuMs: number; mainThreadMs: number; window?: [number, number]; date?: string; loadAverage?: number[] };

/** `--again`: reads the last run's profiles once more (after a change to how they are read). */
function readAgain() {
  const saved = savedResults<{ scenarios: Partial<Record<Scenario, Reading>> }>("profile-results.json");
  const scenarios = saved.scenarios ?? {};
  for (const [scenario, reading] of Object.entries(scenarios) as Array<[Scenario, Reading]>) {
    const table = readProfile(JSON.parse(readFileSync(reading.profile, "utf8")), reading.requests, reading.window, reading.mainThreadMs);
    scenarios[scenario] = { ...reading, ...table };
    printTable(SCENARIOS[scenario], table);
  }
  saveResults("profile-results.json", { ...saved, scenarios });
}

async function main() {
  if (process.argv[2] === "--again") return readAgain();
  const files = process.argv.slice(2);
  if (files.length > 0) {
    for (const file of files) printTable(path.basename(file), readProfile(JSON.parse(readFileSync(file, "utf8")), Number(process.env.PROFILE_REQUESTS ?? 1)));
    return;
  }
  const database = benchDatabase();
  const results: Record<string, Reading> = {};
  // Kept for a second look (`npm run bench:profile -- <file>`, or Chrome's DevTools); .data is not committed.
  const directory = path.join(process.cwd(), ".data", "profiles", new Date().toISOString().replace(/[:.]/g, "-"));
  mkdirSync(directory, { recursive: true });
  const bound = await argon2idBound(PASSWORD);
  // BENCH_PROFILE_ONLY=signIn,signInKnownBrowser profiles only those; the others' last readings are kept.
  const only = process.env.BENCH_PROFILE_ONLY?.split(",").filter((name): name is Scenario => name in SCENARIOS);
  const kept = only ? savedResults<{ scenarios: Record<string, Reading> }>("profile-results.json").scenarios : {};
  Object.assign(results, kept);
  {
    for (const scenario of only ?? (Object.keys(SCENARIOS) as Scenario[])) {
      const { requests, file, window, serverCpuMs } = await profileScenario(scenario, directory);
      // The main thread's share of the server's CPU: all of it, less argon2id's on the thread pool.
      const signingIn = scenario === "signIn" || scenario === "signInKnownBrowser";
      const mainThreadMs = signingIn ? serverCpuMs - bound.cpuMsPerVerification : serverCpuMs;
      const table = readProfile(JSON.parse(readFileSync(path.join(directory, file), "utf8")), requests, window, mainThreadMs);
      results[scenario] = { ...table, serverCpuMsPerRequest: serverCpuMs, argon2idCpuMs: signingIn ? bound.cpuMsPerVerification : 0, mainThreadMs, window, profile: path.join(directory, file), date: new Date().toISOString(), loadAverage: os.loadavg() };
      printTable(SCENARIOS[scenario], table);
    }
  }
  saveResults("profile-results.json", { date: new Date().toISOString(), database: database.label, seconds: SECONDS, loadAverage: os.loadavg(), scenarios: results });
  console.log(`The profiles are in ${path.relative(process.cwd(), directory)}`);
}

runBench(main);
