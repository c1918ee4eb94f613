import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, setPortalDatabase, type DatabaseHandle } from "@/lib/db";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by TEST_DATABASE_URL (dropped afterwards).
 */
export type TestDatabase = DatabaseHandle & { label: string; url?: string; drop: () => Promise<void> };

export function testDatabaseLabel() {
  return process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await openDatabase({ kind: "embedded" });
    return { ...handle, label: "PGlite", drop: handle.close };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
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

/** Opens a test database before the file's tests and makes it the portal's database. */
export function withTestDatabase(): { current: () => TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    setPortalDatabase(database);
  });
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
