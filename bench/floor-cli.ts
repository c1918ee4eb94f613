/**
 * npm run bench:floor — only the floor comparison of `npm run bench` (issue 25), for a quicker
 * look: the production build against bench/floor/ on the PostgreSQL server in DATABASE_URL.
 * Writes its part of bench/results.json (`floorComparison`) and leaves the other figures as they were.
 */
import { startPortal, type Portal } from "../tests/e2e/support/portal-server";
import { benchDatabase, machine, runBench, saveResults, whileRunning } from "./entry-point";
import { overSocket, startFloor } from "./floor";
import { compareWithFloor, printFloorComparison } from "./floor-comparison";
import { loadAverage, SIGN_IN_ACCOUNTS } from "./load";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PASSWORD = "benchmark lantern orchard ridge";
const account = (name: string) => ({ username: name, email: `${name}@example.test`, name, password: PASSWORD });

/**
 * The portal again, on the same database reached through the server's Unix socket, standing in for
 * the one `startPortal` started (which stays up, idle, its timer off): PORTAL_WORKERS instances use
 * the socket too.
 */
async function portalOverSocket(portal: Portal, folder: string): Promise<Portal> {
  // The first one was started with its timer off, so that it takes none of this one's work.
  const settings = { DATABASE_URL: overSocket(portal.databaseUrl!, folder), OUTBOX_POLL_SECONDS: "1" };
  const instance = await portal.startInstance(settings);
  return { ...portal, baseUrl: instance.baseUrl, pid: instance.pid, startInstance: (more = {}) => portal.startInstance({ ...settings, ...more }) };
}

async function main() {
  const database = benchDatabase("npm run bench:floor");
  const accounts = { reset: account("floorbench_reset"), signIn: Array.from({ length: SIGN_IN_ACCOUNTS }, (_, i) => account(`floorbench_signin${i}`)), page: account("floorbench_page"), floor: account("floorbench") };
  const loadAtStart = loadAverage();
  // BENCH_DATABASE_SOCKET=/var/run/postgresql: both apps reach PostgreSQL through its Unix socket,
  // and the figures are kept apart from the TCP ones (`floorComparisonOverSocket`).
  const socketFolder = process.env.BENCH_DATABASE_SOCKET || undefined;
  console.log(`Starting the portal and the floor on PostgreSQL${socketFolder ? `, both through its socket in ${socketFolder}` : ""}…`);
  await whileRunning(startPortal([accounts.reset, ...accounts.signIn, accounts.page], { RATE_LIMIT_SCALE: "100000", ...(socketFolder && { OUTBOX_POLL_SECONDS: "0" }) }), async (started) => {
    const portal = socketFolder ? await portalOverSocket(started, socketFolder) : started;
    await whileRunning(startFloor(database.url!, [accounts.floor], socketFolder), async (floor) => {
      const comparison = await compareWithFloor(portal, floor, accounts, { runs: RUNS, seconds: SECONDS });
      printFloorComparison(comparison);
      const connection = socketFolder ? `the server's Unix socket (${socketFolder})` : "TCP on 127.0.0.1";
      saveResults(
        "results.json",
        { date: new Date().toISOString(), machine: machine(loadAtStart), database: database.label, connection, rateLimits: "raised ×100000 by RATE_LIMIT_SCALE for this run", ...comparison },
        socketFolder ? "floorComparisonOverSocket" : "floorComparison",
      );
    });
  });
}

runBench(main);
