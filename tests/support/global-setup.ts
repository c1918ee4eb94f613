import { prepareDatabaseTemplate } from "./database-template";

/** Migrates the run's one template database before any test file starts (issue 24). */
export default async function globalSetup() {
  await prepareDatabaseTemplate(process.env.TEST_DATABASE_URL);
}
