import { eq, sql } from "drizzle-orm";
import { db, openDatabase, type Executor } from "@/lib/db";
import { customers } from "@/lib/db/schema";
import { makeCustomer } from "../support/customers";
import { withTestDatabase } from "../support/test-database";

/**
 * Issue 25 (lib/db/named-statements.ts): on PostgreSQL every statement with parameters is a named
 * prepared statement the connection keeps, so it costs one round trip after its first, not two each
 * time — in a transaction and in a savepoint too. PostgreSQL lists a session's named statements in
 * pg_prepared_statements; an unnamed statement is never there. PGlite runs in the process and has
 * no round trips: this file needs a PostgreSQL server.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) console.info("named-statements: skipped — it needs a PostgreSQL server (set TEST_DATABASE_URL)");
const describeOnPostgres = onPostgres ? describe : describe.skip;

const database = withTestDatabase();

/** The named statements this connection keeps whose text holds `marker`, and the times each was run. */
async function keptReading(executor: Executor, marker: string) {
  const rows = (await executor.execute(
    sql`select statement, (generic_plans + custom_plans)::text as calls from pg_prepared_statements where statement like ${`%${marker}%`} and from_sql = false`,
  )) as unknown as Array<{ statement: string; calls: string }>;
  return rows.filter((row) => !row.statement.includes("pg_prepared_statements"));
}

describeOnPostgres("statements with parameters on PostgreSQL (issue 25)", () => {
  it("are named prepared statements the connection keeps and runs again, in a transaction and in a savepoint", async () => {
    const person = await makeCustomer();
    await (await db()).transaction(async (tx) => {
      // A marker of this test's own, so no other statement of the connection matches.
      const read = () => tx.select({ id: customers.id, marker: sql<string>`'named-statements-1'` }).from(customers).where(eq(customers.id, person.id));
      expect(await read()).toEqual([{ id: person.id, marker: "named-statements-1" }]);
      expect(await read()).toHaveLength(1);
      const kept = await keptReading(tx, "named-statements-1");
      // One statement, prepared once and run twice: the second time sent only its values.
      expect(kept).toHaveLength(1);
      expect(Number(kept[0].calls)).toBe(2);

      await tx.transaction(async (savepoint) => {
        await savepoint.select({ id: customers.id, marker: sql<string>`'named-statements-2'` }).from(customers).where(eq(customers.id, person.id));
        expect(await keptReading(savepoint, "named-statements-2")).toHaveLength(1);
      });
    });
  });

  it("are all unnamed with prepare=false in the database's URL, for a pooler that cannot keep them", async () => {
    const person = await makeCustomer();
    const url = new URL(database.current().url!);
    url.searchParams.set("prepare", "false");
    const unnamed = await openDatabase({ kind: "postgres", url: url.toString() });
    try {
      await unnamed.db.transaction(async (tx) => {
        for (let round = 0; round < 2; round += 1) {
          await tx.select({ id: customers.id, marker: sql<string>`'named-statements-3'` }).from(customers).where(eq(customers.id, person.id));
        }
        expect(await keptReading(tx, "named-statements-3")).toHaveLength(0);
      });
    } finally {
      await unnamed.close();
    }
  });

  it("gives the same answers as before for values of every kind the portal sends", async () => {
    const person = await makeCustomer();
    const handle = await db();
    const when = new Date("2026-01-02T03:04:05.678Z");
    // Each twice, so the second runs the kept statement with the types the first was prepared with.
    for (let round = 0; round < 2; round += 1) {
      await handle.update(customers).set({ lastSignInAt: when, browserTimeZone: "Europe/Madrid" }).where(eq(customers.id, person.id));
      const [row] = await handle
        .select({ lastSignInAt: customers.lastSignInAt, zone: customers.browserTimeZone, json: sql<unknown>`${JSON.stringify({ a: [1, "b"] })}::jsonb`, n: sql<number>`${41 + round}::int + 1` })
        .from(customers)
        .where(eq(customers.email, person.email));
      expect(row).toEqual({ lastSignInAt: when, zone: "Europe/Madrid", json: { a: [1, "b"] }, n: 42 + round });
    }
  });
});
