/**
 * npm run bench:weight — only the page weight of `npm run bench` (issue 25): the gzip size of the
 * JavaScript and HTML each customer page sends, signed out and signed in, against the floor's
 * (bench/floor/), measured the same way on both (bench/load.ts, pageWeight). Needs the production build and the PostgreSQL
 * server in DATABASE_URL (the floor's pages read a database); writes nothing.
 */
import { startPortal } from "../tests/e2e/support/portal-server";
import { benchDatabase, runBench, whileRunning } from "./entry-point";
import { startFloor } from "./floor";
import { pageWeightRows, pageWeights, printTable } from "./floor-comparison";
import { formBody, loadAverage, signedInCookie } from "./load";

const customer = { username: "weightbench", email: "weightbench@example.test", name: "Page Weight", password: "benchmark lantern orchard ridge" };

async function main() {
  const database = benchDatabase("npm run bench:weight");
  await whileRunning(startPortal([customer]), (portal) =>
    whileRunning(startFloor(database.url!, []), async (floor) => {
      const signIn = await formBody(portal.baseUrl, "/signin", "signin-form", [["username", customer.username], ["password", customer.password]]);
      const weights = await pageWeights(portal, floor, await signedInCookie(portal.baseUrl, signIn, /portal\.session=/));
      console.log(`\nPage weight, gzipped, the floor against the portal (load average ${loadAverage().join(", ")}; sizes do not depend on it)\n`);
      printTable([["", "floor", "portal", "over the floor", "target"], ...pageWeightRows(weights)]);
    }),
  );
}

runBench(main);
