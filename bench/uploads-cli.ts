/**
 * npm run bench:uploads — only the uploads row of `npm run bench` (issue 26), on its own: starts
 * the production build on a fresh database (DATABASE_URL's server, else embedded), has 8 customers
 * send a 10 MB file each at once, three rounds, prints throughput and the server's RSS, and stops.
 */
import { startPortal } from "../tests/e2e/support/portal-server";
import { uploadLoad } from "./uploads";

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) process.env.TEST_DATABASE_URL = databaseUrl;
  else delete process.env.TEST_DATABASE_URL;
  delete process.env.DATABASE_URL;
  const customers = Array.from({ length: 8 }, (_, i) => ({ username: `uploader${i}`, email: `uploader${i}@example.test`, name: `Uploader ${i}`, password: "uploader lantern orchard ridge" }));
  const portal = await startPortal(customers, { RATE_LIMIT_SCALE: "100000" });
  try {
    const result = await uploadLoad(portal, customers);
    console.log(`${databaseUrl ? "PostgreSQL" : "embedded PGlite"}: ${result.uploaders} customers × ${result.fileMiB} MB at once`);
    for (const [index, round] of result.rounds.entries()) {
      console.log(
        `round ${index + 1}: ${round.seconds.toFixed(1)} s, ${round.megabytesPerSecond.toFixed(1)} MB/s, RSS ${round.rssBeforeMiB.toFixed(0)} → peak ${round.rssPeakMiB.toFixed(0)} → ${round.rssAfterMiB.toFixed(0)} MiB, ${round.failures} failed`,
      );
    }
  } finally {
    await portal.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
