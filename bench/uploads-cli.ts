/**
 * npm run bench:uploads — only the uploads row of `npm run bench` (issue 26), on its own: starts
 * the production build on a fresh database (DATABASE_URL's server, else embedded), has 8 customers
 * send a 10 MB file each at once, three rounds with JavaScript's way and three without, prints
 * throughput and the server's RSS, writes them to bench/results.json ("uploads", beside the
 * full run's figures; one entry per database and store), and stops.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startPortal } from "../tests/e2e/support/portal-server";
import { uploadLoad } from "./uploads";

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) process.env.TEST_DATABASE_URL = databaseUrl;
  else delete process.env.TEST_DATABASE_URL;
  delete process.env.DATABASE_URL;
  const customers = Array.from({ length: 8 }, (_, i) => ({ username: `uploader${i}`, email: `uploader${i}@example.test`, name: `Uploader ${i}`, password: "uploader lantern orchard ridge" }));
  // ATTACHMENTS_DIR, when set, is handed on: the same load with the files kept in a directory.
  const portal = await startPortal(customers, { RATE_LIMIT_SCALE: "100000", ...(process.env.ATTACHMENTS_DIR ? { ATTACHMENTS_DIR: process.env.ATTACHMENTS_DIR } : {}) });
  try {
    const result = await uploadLoad(portal, customers);
    console.log(`${databaseUrl ? "PostgreSQL" : "embedded PGlite"}${process.env.ATTACHMENTS_DIR ? ", files in ATTACHMENTS_DIR" : ""}: ${result.uploaders} customers × ${result.fileMiB} MB at once`);
    for (const [label, rounds] of [["sent ahead (with JavaScript)", result.rounds], ["in the form (without JavaScript)", result.formRounds]] as const) {
      for (const [index, round] of rounds.entries()) {
        console.log(
          `${label}, round ${index + 1}: ${round.seconds.toFixed(1)} s, ${round.megabytesPerSecond.toFixed(1)} MB/s, RSS ${round.rssBeforeMiB.toFixed(0)} → peak ${round.rssPeakMiB.toFixed(0)} → ${round.rssAfterMiB.toFixed(0)} MiB, ${round.rssIdleMiB.toFixed(0)} MiB after 2 s idle, ${round.failures} failed`,
        );
      }
    }
    const file = path.join(process.cwd(), "bench", "results.json");
    const results = JSON.parse(readFileSync(file, "utf8")) as { uploads?: Record<string, unknown> };
    const where = `${databaseUrl ? "postgresql" : "pglite"}, ${process.env.ATTACHMENTS_DIR ? "directory" : "database"} store`;
    results.uploads = { ...results.uploads, [where]: { date: new Date().toISOString(), ...result } };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  } catch (error) {
    console.error(portal.log().slice(-4000));
    throw error;
  } finally {
    await portal.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
