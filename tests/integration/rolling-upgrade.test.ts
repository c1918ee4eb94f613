import { sql } from "drizzle-orm";
import { copyOfMigrations, migrationJournal, openBlankDatabase, type BlankDatabase } from "../support/blank-database";
import { testDatabaseLabel } from "../support/test-database";

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

type Column = { table: string; column: string; type: string; nullable: boolean; hasDefault: boolean };

const COLUMNS = sql`select table_name as "table", column_name as "column", data_type as "type", is_nullable = 'YES' as "nullable", column_default is not null as "hasDefault"
  from information_schema.columns where table_schema = 'public' order by 1, 2`;

/** The public schema's columns as the previous release's code would meet them. */
function columns(database: BlankDatabase): Promise<Column[]> {
  return database.run(COLUMNS) as Promise<Column[]>;
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
  let migrations: ReturnType<typeof copyOfMigrations>;
  let target: BlankDatabase;
  beforeAll(async () => {
    migrations = copyOfMigrations();
    target = await openBlankDatabase();
  });
  afterAll(async () => {
    await target?.close();
    migrations?.remove();
  });

  // It migrates one migration at a time and reads the columns between (20 migrations and more):
  // past the usual 60 s when other work shares the cores (PGlite at load 30 took 150 s).
  it("each migration since the first release only expands the schema (or is a _contract migration)", async () => {
    await target.migrate(migrations.upTo(FIRST_CHECKED));
    const found: Record<string, string[]> = {};
    // Each step's columns after are the next step's before: read once.
    let before = await columns(target);
    for (let count = FIRST_CHECKED + 1; count <= migrationJournal.entries.length; count += 1) {
      await target.migrate(migrations.upTo(count));
      const after = await columns(target);
      const { tag } = migrationJournal.entries[count - 1];
      const problems = breakingChanges(before, after);
      if (!tag.endsWith("_contract") && problems.length > 0) found[tag] = problems;
      before = after;
    }
    expect(found).toEqual({});
  }, 240_000);

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
