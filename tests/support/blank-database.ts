import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { dropDatabase } from "./test-database";

/**
 * For the tests of the migrations themselves: a database that no migration has touched (every
 * other test file copies the run's migrated template) — an in-memory PGlite, or a new database on
 * the TEST_DATABASE_URL server, dropped on close — and copies of drizzle/ cut after a migration.
 */
export type Rows = Array<Record<string, unknown>>;
export type BlankDatabase = { run: (query: string | SQL) => Promise<Rows>; migrate: (folder: string) => Promise<void>; close: () => Promise<void> };

export async function openBlankDatabase(): Promise<BlankDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const statement = (query: string | SQL) => (typeof query === "string" ? sql.raw(query) : query);
  if (!adminUrl) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // Later migrations create the Knowledge Base's search extensions (issue 31), as lib/db does.
    const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const client = new PGlite({ extensions: { unaccent, pg_trgm } });
    const db = drizzle({ client });
    return {
      run: async (query) => (await db.execute(statement(query))).rows as Rows,
      migrate: (folder) => migrate(db, { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const name = `portal_blank_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const db = drizzle({ client });
  return {
    run: async (query) => (await db.execute(statement(query))) as unknown as Rows,
    migrate: (folder) => migrate(db, { migrationsFolder: folder }),
    close: async () => {
      // A busy autovacuum worker can refuse the drop for a moment (42501): dropDatabase tries again.
      try {
        await client.end();
        await dropDatabase(admin, name);
      } finally {
        await admin.end();
      }
    },
  };
}

type Journal = { entries: Array<{ idx: number; tag: string; when: number }> };

/** The portal's migrations folder. */
export const migrationsFolder = path.join(process.cwd(), "drizzle");

/** The migrations in order, as drizzle/meta/_journal.json lists them. */
export const migrationJournal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as Journal;

/** A copy of drizzle/ in a temp folder whose journal can be cut, so a database migrates only so far. */
export function copyOfMigrations() {
  const folder = mkdtempSync(path.join(tmpdir(), "portal-migrations-"));
  cpSync(migrationsFolder, folder, { recursive: true });
  return {
    /** The copy, its journal listing only the first `count` migrations. */
    upTo(count: number): string {
      writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...migrationJournal, entries: migrationJournal.entries.slice(0, count) }));
      return folder;
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
