/**
 * npm run bench:uploads — only the uploads row of `npm run bench` (issue 26), on its own: starts
 * the production build on a fresh database (DATABASE_URL's server, else embedded), has 8 customers
 * send a 10 MB file each at once, three rounds with JavaScript's way and three without, prints
 * throughput and the server's RSS, writes them to bench/results.json ("uploads", beside the
 * full run's figures; one entry per database and store), and stops.
 */
import { startPortal } from "../tests/e2e/support/portal-server";
import { benchDatabase, runBench, savedResults, saveResults, whileRunning } from "./entry-point";
import { uploadLoad } from "./uploads";

async function main() {
  const database = benchDatabase();
  const customers = Array.from({ length: 8 }, (_, i) => ({ username: `uploader${i}`, email: `uploader${i}@example.test`, name: `Uploader ${i}`, password: "uploader lantern orchard ridge" }));
  // ATTACHMENTS_DIR, when set, is handed on: the same load with the files kept in a directory.
  const inDirectory = Boolean(process.env.ATTACHMENTS_DIR);
  await whileRunning(startPortal(customers, { RATE_LIMIT_SCALE: "100000", ...(process.env.ATTACHMENTS_DIR ? { ATTACHMENTS_DIR: process.env.ATTACHMENTS_DIR } : {}) }), async (portal) => {
    try {
      const result = await uploadLoad(portal, customers);
      console.log(`${database.label}${inDirectory ? ", files in ATTACHMENTS_DIR" : ""}: ${result.uploaders} customers × ${result.fileMiB} MB at once`);
      for (const [label, rounds] of [["sent ahead (with JavaScript)", result.rounds], ["in the form (without JavaScript)", result.formRounds]] as const) {
        for (const [index, round] of rounds.entries()) {
          console.log(
            `${label}, round ${index + 1}: ${round.seconds.toFixed(1)} s, ${round.megabytesPerSecond.toFixed(1)} MB/s, RSS ${round.rssBeforeMiB.toFixed(0)} → peak ${round.rssPeakMiB.toFixed(0)} → ${round.rssAfterMiB.toFixed(0)} MiB, ${round.rssIdleMiB.toFixed(0)} MiB after 2 s idle, ${round.failures} failed`,
          );
        }
      }
      const where = `${database.url ? "postgresql" : "pglite"}, ${inDirectory ? "directory" : "database"} store`;
      saveResults("results.json", { ...savedResults<{ uploads: Record<string, unknown> }>("results.json").uploads, [where]: { date: new Date().toISOString(), ...result } }, "uploads");
    } catch (error) {
      console.error(portal.log().slice(-4000));
      throw error;
    }
  });
}

runBench(main);
