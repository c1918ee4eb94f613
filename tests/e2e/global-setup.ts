import { prepareDatabaseTemplate } from "../support/database-template";
import { chromiumPath, startRunChromium } from "./support/browser";
import { assertBuilt } from "./support/portal-server";

/** Fails at once, with the fix, when the build or the browser is missing; never skips. */
export default async function globalSetup() {
  assertBuilt();
  chromiumPath();
  // On PostgreSQL every portal copies one migrated template; on the embedded database each portal
  // opens a data directory of its own, migrated by the server it starts.
  const adminUrl = process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (adminUrl) await prepareDatabaseTemplate(adminUrl);
  // One Chromium for every test file, each test in a fresh context of it (see the file).
  await startRunChromium();
}
