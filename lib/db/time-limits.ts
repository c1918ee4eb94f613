import { sql } from "drizzle-orm";
import { db, type Transaction } from "@/lib/db";

/**
 * Background work (jobs, the outbox, housekeeping) must never wait on a lock or a slow statement
 * for long: one row an operator holds in an open transaction, or one hung statement, would
 * otherwise hold every pass behind it (issue 23, S47). Each of its statements runs in a
 * transaction of its own with these limits; a statement that hits one fails, and the work moves
 * on and tries it again later.
 */
export const BACKGROUND_LOCK_TIMEOUT = "5s";
export const BACKGROUND_STATEMENT_TIMEOUT = "30s";

export type TimeLimits = { lock: string; statement: string };

const backgroundLimits: TimeLimits = {
  lock: BACKGROUND_LOCK_TIMEOUT,
  statement: BACKGROUND_STATEMENT_TIMEOUT,
};

/** Runs `work` in a transaction whose statements wait at most `limits` for a lock and in all. */
export async function withTimeLimits<T>(work: (tx: Transaction) => Promise<T>, limits: TimeLimits = backgroundLimits): Promise<T> {
  return (await db()).transaction(async (tx) => {
    // Note: set_config(…, true) is SET LOCAL in one statement with parameters, which both drivers
    // accept (several statements in one query are refused by postgres.js's extended protocol).
    await tx.execute(sql`select set_config('lock_timeout', ${limits.lock}, true), set_config('statement_timeout', ${limits.statement}, true)`);
    return work(tx);
  });
}
