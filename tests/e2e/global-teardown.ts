import { removeDatabaseTemplate } from "../support/database-template";

export default async function globalTeardown() {
  await removeDatabaseTemplate(process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
}
