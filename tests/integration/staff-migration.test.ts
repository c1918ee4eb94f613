import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { dropDatabase, testDatabaseLabel } from "../support/test-database";

/**
 * Migration 0004 (issue 15) carries existing rows over: cases get their last activity and whether
 * the customer waits, the old customer-visible "note" entries stay visible as replies from the
 * company, messages received before the inbox start out handled, and everyone is a customer.
 */
type Rows = Array<Record<string, unknown>>;
type Database = { run: (query: string) => Promise<Rows>; migrate: (folder: string) => Promise<void>; close: () => Promise<void> };

async function openBlank(): Promise<Database> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // Later migrations create the Knowledge Base's search extensions (issue 31).
    const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const client = new PGlite({ extensions: { unaccent, pg_trgm } });
    const db = drizzle({ client });
    return {
      run: async (query) => (await client.query(query)).rows as Rows,
      migrate: (folder) => migrate(db, { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const name = `portal_migration_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const db = drizzle({ client });
  return {
    run: async (query) => (await db.execute(sql.raw(query))) as unknown as Rows,
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

/** The migrations folder as it was before this one: the same files, the journal cut at `tag`. */
function migrationsUpTo(tag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "portal-migrations-"));
  cpSync(path.join(process.cwd(), "drizzle"), folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag) + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe(`migration 0004_staff_side on ${testDatabaseLabel()}`, () => {
  it("carries cases, their history and Contact us messages over", async () => {
    const database = await openBlank();
    const before = migrationsUpTo("0005_power_pages_import");
    try {
      await database.migrate(before);
      await database.run(`insert into customers (id, username, email) values ('11111111-1111-4111-8111-111111111111', 'old', 'old@example.test')`);
      await database.run(`insert into support_cases (id, customer_id, subject, category, description, status, created_at, updated_at) values
        (1, '11111111-1111-4111-8111-111111111111', 'Open one', 'question', 'An open case from before.', 'open', '2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z'),
        (2, '11111111-1111-4111-8111-111111111111', 'Closed one', 'question', 'A closed case from before.', 'closed', '2026-01-03T10:00:00Z', '2026-01-04T10:00:00Z')`);
      await database.run(`insert into support_case_events (case_id, at, kind, text) values (1, '2026-01-01T10:00:00Z', 'created', null), (1, '2026-01-02T10:00:00Z', 'note', 'We called you back.')`);
      await database.run(`insert into contact_messages (name, email, message) values ('Old', 'old@example.test', 'A message from before the inbox.')`);

      await database.migrate(path.join(process.cwd(), "drizzle"));

      expect(await database.run(`select role from customers`)).toEqual([{ role: "customer" }]);
      const cases = await database.run(`select id::int, to_char(last_activity_at at time zone 'UTC', 'YYYY-MM-DD') as activity, customer_waiting_since is not null as waiting from support_cases order by id`);
      expect(cases).toEqual([
        { id: 1, activity: "2026-01-02", waiting: true },
        { id: 2, activity: "2026-01-04", waiting: false },
      ]);
      const events = await database.run(`select kind, text, internal, by_staff from support_case_events order by id`);
      expect(events).toEqual([
        { kind: "created", text: null, internal: false, by_staff: false },
        { kind: "reply", text: "We called you back.", internal: false, by_staff: true },
      ]);
      expect(await database.run(`select handled_at is not null as handled, case_id from contact_messages`)).toEqual([{ handled: true, case_id: null }]);
      // Notes are the support team's: the database itself refuses a visible one.
      await expect(database.run(`insert into support_case_events (case_id, at, kind, text, internal) values (1, now(), 'note', 'visible?', false)`)).rejects.toThrow();
    } finally {
      await database.close();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
