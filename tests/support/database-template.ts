import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "@/lib/db";
import { dropDatabase } from "./test-database";

/**
 * One migrated database per test run, which every test file copies (issue 24): running every
 * migration for each file cost each PGlite file about 6 s of one core (most of it PGlite's own
 * initdb) and each PostgreSQL file a dozen round trips per migration. Jest's global setup makes it
 * and leaves where it is in the environment, which its workers inherit; createTestDatabase copies
 * it, and falls back to migrating a fresh database when it is not there (a test run without the
 * global setup).
 */
const PGLITE_DUMP = "PORTAL_TEST_PGLITE_DUMP";
const POSTGRES_TEMPLATE = "PORTAL_TEST_TEMPLATE_DATABASE";

/** The migrated PGlite data directory as a tarball file, when the run made one. */
export function pgliteTemplateFile(): string | undefined {
  return process.env[PGLITE_DUMP];
}

/** The migrated template database on the TEST_DATABASE_URL server, when the run made one. */
export function postgresTemplateName(): string | undefined {
  return process.env[POSTGRES_TEMPLATE];
}

/** Makes the run's template for the database the tests will use; a second call does nothing. */
export async function prepareDatabaseTemplate(adminUrl: string | undefined) {
  if (adminUrl) {
    if (!postgresTemplateName()) process.env[POSTGRES_TEMPLATE] = await makePostgresTemplate(adminUrl);
  } else if (!pgliteTemplateFile()) {
    process.env[PGLITE_DUMP] = await makePgliteDump();
  }
}

/** Removes what prepareDatabaseTemplate made; a second call does nothing. */
export async function removeDatabaseTemplate(adminUrl: string | undefined) {
  const dump = pgliteTemplateFile();
  if (dump) {
    rmSync(path.dirname(dump), { recursive: true, force: true });
    delete process.env[PGLITE_DUMP];
  }
  const template = postgresTemplateName();
  if (template && adminUrl) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`alter database ${template} with is_template false`);
      await dropDatabase(admin, template);
    } finally {
      await admin.end();
    }
    delete process.env[POSTGRES_TEMPLATE];
  }
}

async function makePgliteDump(): Promise<string> {
  const handle = await openDatabase({ kind: "embedded" });
  try {
    const client = (handle.db as unknown as { $client: { dumpDataDir: (compression: "none") => Promise<Blob> } }).$client;
    // Uncompressed: loading skips the gunzip, and the file lives only for the run.
    const dump = await client.dumpDataDir("none");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "portal-test-template-")), "pglite.tar");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await handle.close();
  }
}

async function makePostgresTemplate(adminUrl: string): Promise<string> {
  const name = `portal_template_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ kind: "postgres", url: url.toString() });
    await handle.close();
    // Note: CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template, and
    // autovacuum would connect now and then; a database that allows no connections is left alone.
    await admin.unsafe(`alter database ${name} with is_template true allow_connections false`);
    return name;
  } catch (error) {
    await dropDatabase(admin, name).catch(() => {});
    throw error;
  } finally {
    await admin.end();
  }
}
