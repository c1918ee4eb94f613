/** npm run db:migrate — brings the configured database's schema up to date. */
import { config } from "@/lib/config";
import { databaseHandle } from "@/lib/db";

async function main() {
  const handle = await databaseHandle();
  const target = config().database;
  console.log(`Migrations applied to ${target.kind === "postgres" ? "the PostgreSQL database in DATABASE_URL" : `the embedded database in ${target.directory}`}.`);
  await handle.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
