import { sql } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/lib/db";
import { withBackgroundConnection } from "@/lib/db/background-connections";

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

// An operator's figures (the health page, /api/health/ready, /api/metrics): short reads that must
// answer within the health check's two seconds however busy the background work is.
export const OPERATOR_READ_TIMEOUT = "2s";
const operatorLimits: TimeLimits = { lock: OPERATOR_READ_TIMEOUT, statement: OPERATOR_READ_TIMEOUT };

async function setTimeLimits(tx: Transaction, limits: TimeLimits) {
  // Note: set_config(…, true) is SET LOCAL in one statement with parameters, which both drivers
  // accept (several statements in one query are refused by postgres.js's extended protocol).
  await tx.execute(sql`select set_config('lock_timeout', ${limits.lock}, true), set_config('statement_timeout', ${limits.statement}, true)`);
}

/**
 * Runs `work` in a transaction whose statements wait at most `limits` for a lock and in all, on one
 * of the connections background work may hold (lib/db/background-connections.ts, S47). Note:
 * `work` must not call this again — it would wait for a second connection while holding the first.
 */
export async function withTimeLimits<T>(work: (tx: Transaction) => Promise<T>, limits: TimeLimits = backgroundLimits): Promise<T> {
  const database = await db();
  return withBackgroundConnection(() =>
    database.transaction(async (tx) => {
      await setTimeLimits(tx, limits);
      return work(tx);
    }),
  );
}

/**
 * An operator's figures, read in one transaction on the pool's connections for requests — never on
 * a background connection, which waits its turn behind a backlog (issue 24) — with every statement
 * cut at OPERATOR_READ_TIMEOUT, so a locked table or a slow count fails the check instead of holding
 * a connection after its answer is given up.
 */
export async function readForOperator<T>(work: (tx: Transaction) => Promise<T>, database?: Database): Promise<T> {
  return (database ?? (await db())).transaction(async (tx) => {
    await setTimeLimits(tx, operatorLimits);
    return work(tx);
  });
}
