import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/lib/db";

/**
 * Issue 25: writes owned by different modules, sent as one statement — one round trip, all or
 * none, one snapshot. Each owner builds its write (not yet run); the use case that needs them
 * together joins them here as the leading common table expressions of its statement.
 *
 * PostgreSQL applies at most one of two changes a statement makes to the same row, so the writes
 * must touch different rows.
 */
export function writesFirst(writes: SQLWrapper[]): SQL {
  return sql.join(
    // getSQL(): a statement embedded as itself, not in the parentheses of a subquery.
    writes.map((write, index) => sql`${sql.raw(`write_${index}`)} as (${write.getSQL()}), `),
    sql``,
  );
}

/** Runs `writes` as one statement. */
export async function writeTogether(database: Executor, writes: SQLWrapper[]): Promise<void> {
  if (writes.length === 0) return;
  await database.execute(sql`with ${writesFirst(writes)}done as (select 1) select 1 from done`);
}
