import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { openDatabase, setPortalDatabase, type DatabaseHandle } from "@/lib/db";
import { pgliteTemplateFile, postgresTemplateName } from "./database-template";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by TEST_DATABASE_URL (dropped afterwards). Each is a copy of the
 * run's migrated template when Jest's global setup made one (tests/support/database-template.ts).
 */
export type TestDatabase = DatabaseHandle & { label: string; url?: string; drop: () => Promise<void> };

export function testDatabaseLabel() {
  return process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dump = pgliteTemplateFile();
    const from = dump ? new Blob([await readFile(dump)]) : undefined;
    const handle = await openDatabase({ kind: "embedded", from });
    return { ...handle, label: "PGlite", drop: handle.close };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await createDatabase(admin, name, postgresTemplateName());
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  return {
    ...handle,
    label: "PostgreSQL",
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropDatabase(cleanup, name);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * Copies the template when there is one. The template allows no connections, so nothing should
 * hold it; should anything still (55006, "being accessed by other users"), the copy is tried
 * again, as a drop is below.
 */
async function createDatabase(admin: postgres.Sql, name: string, template: string | undefined) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * `with (force)` ends the test's own connections, but not an autovacuum worker that happens to be
 * busy in the database (it runs as the server's superuser): PostgreSQL then refuses with 42501.
 * The worker gives way within moments, so the drop is tried again a few times.
 */
export async function dropDatabase(cleanup: postgres.Sql, name: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "42501" || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

const DATABASE_SETUP_LIMIT_MS = 180_000;

/** Opens a test database before the file's tests and makes it the portal's database. */
export function withTestDatabase(): { current: () => TestDatabase } {
  let database: TestDatabase | undefined;
  // Note: opening a database runs every migration (PGlite compiles them in-process), which on a
  // busy machine can take longer than a test's own limit; it is bounded work, so it gets its own,
  // still finite, limit rather than failing the file for the machine's load.
  beforeAll(async () => {
    database = await createTestDatabase();
    setPortalDatabase(database);
  }, DATABASE_SETUP_LIMIT_MS);
  afterAll(async () => {
    await database?.drop();
  });
  return {
    current: () => {
      if (!database) throw new Error("test database not open yet");
      return database;
    },
  };
}
