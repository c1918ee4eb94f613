import postgres from "postgres";
import { backgroundConnectionsHeld } from "@/lib/db/background-connections";
import type { TestDatabase } from "./test-database";

/**
 * For a failure message, when background work did not finish or a row stayed waiting: the
 * background work's counters, the take-up lanes, and what every other connection to the test's
 * PostgreSQL database is doing — asked on a connection of its own, so a starved or wedged pool
 * cannot hide the answer — with the rows `rowsQuery` names (e.g. the jobs still queued). On
 * PGlite, only the counters.
 */
export async function databaseActivity(database: TestDatabase, rowsQuery?: string): Promise<string> {
  const lanes = (globalThis as unknown as { portalTakeUpLanes?: Map<string, number> }).portalTakeUpLanes;
  const counted = `background connections ${JSON.stringify(backgroundConnectionsHeld())}; take-up lanes ${JSON.stringify(Object.fromEntries(lanes ?? []))}`;
  if (!database.url) return counted;
  const own = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    const connections = await own`select pid, state, wait_event_type, wait_event, left(query, 100) as query, round(extract(epoch from now() - xact_start)::numeric, 1) as in_transaction_s
      from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() order by pid`;
    const rows = rowsQuery ? await own.unsafe(rowsQuery) : [];
    return `${counted}; connections ${JSON.stringify(connections)}${rowsQuery ? `; rows ${JSON.stringify(rows)}` : ""}`;
  } finally {
    await own.end();
  }
}
