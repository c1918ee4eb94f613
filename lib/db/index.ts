import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { config } from "@/lib/config";
import * as schema from "./schema";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Queries take either the database or an open transaction, so use-cases can own the transaction. */
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  kind: "embedded" | "postgres";
  close: () => Promise<void>;
};

export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "embedded"; directory?: string };

const migrationsFolder = path.join(process.cwd(), "drizzle");
// An arbitrary constant: instances starting together take turns migrating a real PostgreSQL server.
const MIGRATION_LOCK_ID = 7_283_001;

function isLoopback(url: string) {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "";
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // S39: connections leave the machine over TLS unless the URL says otherwise (sslmode=…).
  const ssl = new URL(url).searchParams.has("sslmode") || isLoopback(url) ? undefined : ("require" as const);

  const migrator = postgres(url, { max: 1, ssl, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle({ client: migrator }), { migrationsFolder });
  } finally {
    await migrator.end();
  }

  const client = postgres(url, { max: 10, ssl, onnotice: () => {} });
  return {
    db: drizzle({ client, schema }) as unknown as Database,
    kind: "postgres",
    close: () => client.end(),
  };
}

async function openEmbedded(directory?: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  // Note: PGlite creates only the last folder of its path.
  if (directory) mkdirSync(path.dirname(path.resolve(directory)), { recursive: true });
  const client = directory ? new PGlite(path.resolve(directory)) : new PGlite();
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Database, kind: "embedded", close: () => client.close() };
}

/** Opens a database and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === "postgres" ? openPostgres(target.url) : openEmbedded(target.directory);
}

// One database per process, shared by route handlers, server actions and dev reloads.
const shared = globalThis as unknown as { portalDatabase?: Promise<DatabaseHandle> };

/** The portal's database, opened (and migrated) on first use. */
export async function db(): Promise<Database> {
  return (await databaseHandle()).db;
}

/** The handle behind db(), for health checks and shutdown. */
export function databaseHandle(): Promise<DatabaseHandle> {
  shared.portalDatabase ??= openDatabase(config().database);
  return shared.portalDatabase;
}

/** Tests point the portal at a database of their own. */
export function setPortalDatabase(handle: DatabaseHandle) {
  shared.portalDatabase = Promise.resolve(handle);
}
