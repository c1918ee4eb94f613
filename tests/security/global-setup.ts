import { prepareDatabaseTemplate } from "../support/database-template";
import { assertBuilt } from "../e2e/support/portal-server";

/**
 * The attack and fault suite runs against the production build on a real PostgreSQL server (it
 * counts rows while servers run, and holds connections of its own); it fails at once, with the
 * fix, when either is missing — it never skips.
 */
export default async function globalSetup() {
  assertBuilt();
  if (!process.env.E2E_DATABASE_URL && !process.env.TEST_DATABASE_URL) {
    throw new Error("npm run test:security needs PostgreSQL: set TEST_DATABASE_URL=postgres://… (bash scripts/ci/start-postgres.sh makes one).");
  }
  await prepareDatabaseTemplate(process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
}
