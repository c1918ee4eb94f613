import { removeDatabaseTemplate } from "./database-template";

export default async function globalTeardown() {
  await removeDatabaseTemplate(process.env.TEST_DATABASE_URL);
}
