import { isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { customers } from "@/lib/db/schema";

/**
 * S27: the lockout rule, in one place. Every 5th consecutive failure locks the account: 5 minutes,
 * doubling each time, at most 60; the 100th blocks password sign-in until a reset or an unlock.
 */
export const FAILURES_PER_LOCK = 5;
export const FIRST_LOCK_MINUTES = 5;
export const LONGEST_LOCK_MINUTES = 60;
export const FAILURES_BEFORE_BLOCK = 100;

export function lockMinutes(consecutiveFailures: number): number {
  const lockNumber = Math.floor(consecutiveFailures / FAILURES_PER_LOCK);
  return Math.min(FIRST_LOCK_MINUTES * 2 ** (lockNumber - 1), LONGEST_LOCK_MINUTES);
}

/** lockMinutes, as SQL over a failure count expression (for the one statement that counts and locks). */
export function lockMinutesSql(failures: SQL): SQL {
  return sql`least((${FIRST_LOCK_MINUTES} * power(2, least((${failures}) / ${FAILURES_PER_LOCK} - 1, 10)))::int, ${LONGEST_LOCK_MINUTES})`;
}

/** The lock an attempt sets when its count `next` reaches a 5th failure (else the lock stays as it is), from `time`. */
export function lockAtFailure(next: SQL, time: Date): SQL {
  return sql`case when (${next}) % ${FAILURES_PER_LOCK} = 0
    then ${time.toISOString()}::timestamptz + make_interval(mins => ${lockMinutesSql(next)}) else ${customers.lockedUntil} end`;
}

/** Whether a failure count justifies a lock of its own: it stands at a 5th failure. */
export function lockedBy(failures: SQL | AnyPgColumn): SQL {
  return sql`(${failures}) > 0 and (${failures}) % ${FAILURES_PER_LOCK} = 0`;
}

/** The account may try now: never locked, or the lock has run out. */
export function notLockedAt(time: Date): SQL {
  return or(isNull(customers.lockedUntil), lte(customers.lockedUntil, time))!;
}
