import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { dropDatabase, testDatabaseLabel } from "../support/test-database";

/**
 * Issue 29: migrations are safe during a rolling upgrade — for one release the old code and the
 * new run against the new schema (see "Upgrading" in the README). Each migration is applied, one
 * at a time, to a real database, and the schema before and after are compared: the previous
 * release's tables and columns are all still there with the same types, nothing it could leave
 * out of an INSERT became required, and no default it relied on went away. A migration whose name
 * ends in `_contract` removes what the release before stopped using, and is exempt.
 */

// Migrations 0000–0006 came before the portal's first production release and the rule.
const FIRST_CHECKED = 7;
const folder = path.join(process.cwd(), "drizzle");
type Journal = { entries: { idx: number; tag: string; when: number }[] };
const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as Journal;

type Column = { table: string; column: string; type: string; nullable: boolean; hasDefault: boolean };

type Target = { migrateTo: (count: number) => Promise<void>; columns: () => Promise<Column[]>; close: () => Promise<void> };

/** A copy of drizzle/ whose journal lists only the first `count` migrations. */
function migrationsUpTo(copy: string, count: number) {
  writeFileSync(path.join(copy, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return copy;
}

const COLUMNS = sql`select table_name as "table", column_name as "column", data_type as "type", is_nullable = 'YES' as "nullable", column_default is not null as "hasDefault"
  from information_schema.columns where table_schema = 'public' order by 1, 2`;

async function openTarget(copy: string): Promise<Target> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // Later migrations create the Knowledge Base's search extensions (issue 31), as lib/db does.
    const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const client = new PGlite({ extensions: { unaccent, pg_trgm } });
    const database = drizzlePglite({ client });
    return {
      migrateTo: (count) => migratePglite(database, { migrationsFolder: migrationsUpTo(copy, count) }),
      columns: async () => (await database.execute(COLUMNS)).rows as Column[],
      close: () => client.close(),
    };
  }
  const name = `portal_upgrade_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const database = drizzlePostgres({ client });
  return {
    migrateTo: (count) => migratePostgres(database, { migrationsFolder: migrationsUpTo(copy, count) }),
    columns: async () => (await database.execute(COLUMNS)) as unknown as Column[],
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

/** What the previous release could no longer do against the new schema. */
function breakingChanges(before: Column[], after: Column[]): string[] {
  const now = new Map(after.map((column) => [`${column.table}.${column.column}`, column]));
  const tablesBefore = new Set(before.map((column) => column.table));
  const problems: string[] = [];
  for (const old of before) {
    const current = now.get(`${old.table}.${old.column}`);
    if (!current) problems.push(`${old.table}.${old.column} was dropped or renamed`);
    else if (current.type !== old.type) problems.push(`${old.table}.${old.column} changed type from ${old.type} to ${current.type}`);
    else if (old.nullable && !current.nullable && !current.hasDefault) problems.push(`${old.table}.${old.column} became required`);
    else if (old.hasDefault && !current.hasDefault && !current.nullable) problems.push(`${old.table}.${old.column} lost the default the old code relies on`);
  }
  for (const added of after) {
    if (tablesBefore.has(added.table) && !before.some((old) => old.table === added.table && old.column === added.column) && !added.nullable && !added.hasDefault) {
      problems.push(`${added.table}.${added.column} was added as required without a default`);
    }
  }
  return problems;
}

describe(`migrations keep the previous release working during a rolling upgrade, on ${testDatabaseLabel()} (issue 29)`, () => {
  let copy: string;
  let target: Target;
  beforeAll(async () => {
    copy = mkdtempSync(path.join(tmpdir(), "portal-migrations-"));
    cpSync(folder, copy, { recursive: true });
    target = await openTarget(copy);
  });
  afterAll(async () => {
    await target?.close();
    rmSync(copy, { recursive: true, force: true });
  });

  it("each migration since the first release only expands the schema (or is a _contract migration)", async () => {
    await target.migrateTo(FIRST_CHECKED);
    const found: Record<string, string[]> = {};
    for (let count = FIRST_CHECKED + 1; count <= journal.entries.length; count += 1) {
      const before = await target.columns();
      await target.migrateTo(count);
      const { tag } = journal.entries[count - 1];
      const problems = breakingChanges(before, await target.columns());
      if (!tag.endsWith("_contract") && problems.length > 0) found[tag] = problems;
    }
    expect(found).toEqual({});
  });

  it("would catch the changes that break the previous release", () => {
    const before: Column[] = [
      { table: "customers", column: "name", type: "text", nullable: true, hasDefault: false },
      { table: "customers", column: "role", type: "text", nullable: false, hasDefault: true },
      { table: "customers", column: "phone", type: "text", nullable: true, hasDefault: false },
    ];
    const after: Column[] = [
      { table: "customers", column: "full_name", type: "text", nullable: true, hasDefault: false },
      { table: "customers", column: "role", type: "text", nullable: false, hasDefault: false },
      { table: "customers", column: "phone", type: "text", nullable: false, hasDefault: false },
      { table: "customers", column: "region", type: "text", nullable: false, hasDefault: false },
    ];
    expect(breakingChanges(before, after)).toEqual([
      "customers.name was dropped or renamed",
      "customers.role lost the default the old code relies on",
      "customers.phone became required",
      "customers.region was added as required without a default",
    ]);
  });
});
