import { removeDatabaseTemplate } from "../support/database-template";
import { failIfStillRunning } from "../support/hang-guard";
import { stopRunChromium } from "./support/browser";

/** Jest calls it once, after every test of the run; in watch mode the process is meant to stay. */
export default async function globalTeardown(globalConfig: { watch?: boolean; watchAll?: boolean }) {
  await stopRunChromium();
  await removeDatabaseTemplate(process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  if (!globalConfig.watch && !globalConfig.watchAll) failIfStillRunning();
}
