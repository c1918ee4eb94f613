import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { config, type DatabaseTls } from "@/lib/config";
import { postgresTarget } from "./connection-url";
import { withNamedStatements } from "./named-statements";
import { noteQuery } from "./query-count";
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

/**
 * An embedded database lives in a directory, or in memory when none is given; `from` is a dump of
 * a data directory (PGlite's dumpDataDir) to start from instead of an empty one — the tests start
 * every file from one migrated copy rather than running every migration again.
 */
export type DatabaseTarget = { kind: "postgres"; url: string; tls?: DatabaseTls } | { kind: "embedded"; directory?: string; from?: Blob };

const migrationsFolder = path.join(process.cwd(), "drizzle");
// An arbitrary constant: instances starting together take turns migrating a real PostgreSQL server.
const MIGRATION_LOCK_ID = 7_283_001;

/**
 * S39: the TLS options for postgres.js. "require" encrypts without checking who answers; the
 * default for a server on another machine, "verify-full", checks the certificate chain (against
 * DATABASE_CA when set, else the system's authorities) and the host name.
 */
function tlsOption(tls: DatabaseTls) {
  if (tls.mode === "disable") return false;
  if (tls.mode === "require") return "require" as const;
  return tls.ca ? { ca: tls.ca, rejectUnauthorized: true } : ("verify-full" as const);
}

/** DATABASE_SSL decides; an sslmode in the URL would silently override it, so it is dropped. */
function withoutSslMode(url: string): string {
  const parsed = new URL(url);
  for (const key of ["sslmode", "ssl", "sslrootcert"]) parsed.searchParams.delete(key);
  return parsed.toString();
}

/** Each statement a request sends is counted on its log line (issue 25). */
const queryCounter = { logQuery: noteQuery };

/** Connections one process keeps to PostgreSQL; background work may hold all but four (lib/db/background-connections.ts). */
export const POOL_CONNECTIONS = 10;

// Note: a database that does not answer must fail a request (and /api/health) in seconds, not 30.
const CONNECT_TIMEOUT_SECONDS = 5;

/**
 * Seconds before postgres.js tries a lost connection again. Its own schedule grows to 20 s (3^n/100),
 * and a query waiting for a connection waits through every step, so during a restart requests
 * answered 16 s late and went on waiting after the database was back (issue 23). 50 ms doubling to
 * half a second: a waiting query goes on within half a second of the database's return, and a
 * refused loopback or LAN connection attempt costs next to nothing.
 */
function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 0.5);
}

async function openPostgres(url: string, tls: DatabaseTls = { mode: "disable" }): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // A Unix socket's folder in `host` becomes postgres.js's `path` (lib/db/connection-url.ts).
  const { url: target, path: socketPath } = postgresTarget(withoutSslMode(url));
  const options = { ssl: tlsOption(tls), connect_timeout: CONNECT_TIMEOUT_SECONDS, backoff: reconnectDelaySeconds, onnotice: () => {}, ...(socketPath && { path: socketPath }) };

  const migrator = postgres(target, { ...options, max: 1 });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle({ client: migrator }), { migrationsFolder });
  } finally {
    await migrator.end();
  }

  const client = postgres(target, { ...options, max: POOL_CONNECTIONS });
  return {
    db: drizzle({ client: withNamedStatements(client), schema, logger: queryCounter }) as unknown as Database,
    kind: "postgres",
    // Note: a bounded end, so a connection wedged by an outage cannot hold a shutdown.
    close: () => client.end({ timeout: 5 }),
  };
}

async function openEmbedded(directory?: string, from?: Blob): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  // Note: PGlite creates only the last folder of its path.
  if (directory) mkdirSync(path.dirname(path.resolve(directory)), { recursive: true });
  // The Knowledge Base's search needs unaccent and pg_trgm (drizzle/0013_kb_search_setup.sql);
  // PGlite ships its own builds of both.
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const extensions = { unaccent, pg_trgm };
  const options = { extensions, loadDataDir: from };
  const client = directory ? new PGlite(path.resolve(directory), options) : new PGlite(options);
  const db = drizzle({ client, schema, logger: queryCounter });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Database, kind: "embedded", close: () => client.close() };
}

/** Opens a database and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === "postgres" ? openPostgres(target.url, target.tls) : openEmbedded(target.directory, target.from);
}

// One database per process, shared by route handlers, server actions and dev reloads.
const shared = globalThis as unknown as { portalDatabase?: Promise<DatabaseHandle> };

/** The portal's database, opened (and migrated) on first use. */
export async function db(): Promise<Database> {
  return (await databaseHandle()).db;
}

/** The handle behind db(), for health checks and shutdown. */
export function databaseHandle(): Promise<DatabaseHandle> {
  if (!shared.portalDatabase) {
    const opening = openDatabase(config().database);
    shared.portalDatabase = opening;
    // A database that could not be opened (down, or its migration failed) is tried again on the
    // next use, not remembered as broken for the life of the process.
    opening.catch(() => {
      if (shared.portalDatabase === opening) shared.portalDatabase = undefined;
    });
  }
  return shared.portalDatabase;
}

/** The handle behind db() if something has opened it (or is opening it), else undefined: for closing without opening. */
export function openedDatabaseHandle(): Promise<DatabaseHandle> | undefined {
  return shared.portalDatabase;
}

/** Tests point the portal at a database of their own. */
export function setPortalDatabase(handle: DatabaseHandle) {
  shared.portalDatabase = Promise.resolve(handle);
}
