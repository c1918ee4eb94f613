/**
 * npm run bench:floor — only the floor comparison of `npm run bench` (issue 25), for a quicker
 * look: the production build against bench/floor/ on the PostgreSQL server in DATABASE_URL.
 * Writes its part of bench/results.json (`floorComparison`) and leaves the other figures as they were.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPortal } from "../tests/e2e/support/portal-server";
import { startFloor } from "./floor";
import { compareWithFloor, printFloorComparison } from "./floor-comparison";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PASSWORD = "benchmark lantern orchard ridge";
const account = (name: string) => ({ username: name, email: `${name}@example.test`, name, password: PASSWORD });

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("npm run bench:floor needs PostgreSQL: set DATABASE_URL=postgres://… (the floor gets its own database on that server).");
  process.env.TEST_DATABASE_URL = databaseUrl;
  delete process.env.E2E_DATABASE_URL;
  delete process.env.DATABASE_URL;
  const accounts = { reset: account("floorbench_reset"), signIn: account("floorbench_signin"), page: account("floorbench_page"), floor: account("floorbench") };
  const loadAtStart = os.loadavg();
  console.log("Starting the portal and the floor on PostgreSQL…");
  const portal = await startPortal([accounts.reset, accounts.signIn, accounts.page], { RATE_LIMIT_SCALE: "100000" });
  try {
    const floor = await startFloor(databaseUrl, [accounts.floor]);
    try {
      const comparison = await compareWithFloor(portal, floor, accounts, { runs: RUNS, seconds: SECONDS });
      const file = path.join(process.cwd(), "bench", "results.json");
      const results = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
      results.floorComparison = {
        date: new Date().toISOString(),
        machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
        database: "PostgreSQL",
        rateLimits: "raised ×100000 by RATE_LIMIT_SCALE for this run",
        ...comparison,
      };
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      printFloorComparison(comparison);
      console.log("\nWritten to bench/results.json (floorComparison)");
    } finally {
      await floor.stop();
    }
  } finally {
    await portal.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
