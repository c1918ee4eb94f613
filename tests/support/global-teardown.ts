import { removeDatabaseTemplate } from "./database-template";
import { failIfStillRunning } from "./hang-guard";

/** Jest calls it once, after every test of the run; in watch mode the process is meant to stay. */
export default async function globalTeardown(globalConfig: { watch?: boolean; watchAll?: boolean }) {
  await removeDatabaseTemplate(process.env.TEST_DATABASE_URL);
  if (!globalConfig.watch && !globalConfig.watchAll) failIfStillRunning();
}
