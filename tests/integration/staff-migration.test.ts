import { copyOfMigrations, migrationJournal, migrationsFolder, openBlankDatabase } from "../support/blank-database";
import { testDatabaseLabel } from "../support/test-database";

/**
 * Migration 0004 (issue 15) carries existing rows over: cases get their last activity and whether
 * the customer waits, the old customer-visible "note" entries stay visible as replies from the
 * company, messages received before the inbox start out handled, and everyone is a customer.
 */
describe(`migration 0004_staff_side on ${testDatabaseLabel()}`, () => {
  // It migrates a blank database twice over (to 0005, then every later migration): 20–40 s on a
  // quiet machine, past the usual 60 s when other work shares the cores (PGlite at load 30).
  it("carries cases, their history and Contact us messages over", async () => {
    const database = await openBlankDatabase();
    const migrations = copyOfMigrations();
    try {
      await database.migrate(migrations.upTo(migrationJournal.entries.findIndex((entry) => entry.tag === "0005_power_pages_import") + 1));
      await database.run(`insert into customers (id, username, email) values ('11111111-1111-4111-8111-111111111111', 'old', 'old@example.test')`);
      await database.run(`insert into support_cases (id, customer_id, subject, category, description, status, created_at, updated_at) values
        (1, '11111111-1111-4111-8111-111111111111', 'Open one', 'question', 'An open case from before.', 'open', '2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z'),
        (2, '11111111-1111-4111-8111-111111111111', 'Closed one', 'question', 'A closed case from before.', 'closed', '2026-01-03T10:00:00Z', '2026-01-04T10:00:00Z')`);
      await database.run(`insert into support_case_events (case_id, at, kind, text) values (1, '2026-01-01T10:00:00Z', 'created', null), (1, '2026-01-02T10:00:00Z', 'note', 'We called you back.')`);
      await database.run(`insert into contact_messages (name, email, message) values ('Old', 'old@example.test', 'A message from before the inbox.')`);

      await database.migrate(migrationsFolder);

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
      migrations.remove();
    }
  }, 180_000);
});
