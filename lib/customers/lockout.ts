import { and, eq, isNull, or, sql, type Placeholder, type SQL } from "drizzle-orm";
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

/** A moment in a statement: a date, or a prepared statement's placeholder for one (given as an ISO string). */
export type Moment = Date | Placeholder;

function momentSql(time: Moment): SQL {
  return time instanceof Date ? sql`${time.toISOString()}::timestamptz` : sql`${time}::timestamptz`;
}

/** The lock an attempt sets when its count `next` reaches a 5th failure (else the lock stays as it is), from `time`. */
export function lockAtFailure(next: SQL, time: Moment): SQL {
  return sql`case when (${next}) % ${FAILURES_PER_LOCK} = 0
    then ${momentSql(time)} + make_interval(mins => ${lockMinutesSql(next)}) else ${customers.lockedUntil} end`;
}

/** Whether a failure count justifies a lock of its own: it stands at a 5th failure. */
export function lockedBy(failures: SQL | AnyPgColumn): SQL {
  return sql`(${failures}) > 0 and (${failures}) % ${FAILURES_PER_LOCK} = 0`;
}

/** The account may try now: never locked, or the lock has run out. */
export function notLockedAt(time: Moment): SQL {
  return or(isNull(customers.lockedUntil), sql`${customers.lockedUntil} <= ${momentSql(time)}`)!;
}

/** The account may try a password or a code now: enabled, not blocked, not locked. */
export function mayTryAt(time: Moment): SQL {
  return and(eq(customers.disabled, false), eq(customers.passwordSignInBlocked, false), notLockedAt(time))!;
}

/**
 * The columns an attempt that may try sets (customers.ts's one conditional statement, S27, S45):
 * its count `next`, the lock a 5th failure starts, and the block the 100th does. Issue 17: wrong
 * second-step codes are counted apart from passwords (failed_second_steps), since a right password
 * must not forgive wrong codes; a lock from either stops both.
 */
export function passwordAttemptCounted(next: SQL, time: Moment) {
  return { failedSignIns: next, lockedUntil: lockAtFailure(next, time), passwordSignInBlocked: sql`(${next}) >= ${FAILURES_BEFORE_BLOCK}` };
}

export function secondStepAttemptCounted(next: SQL, time: Moment) {
  return { failedSecondSteps: next, lockedUntil: lockAtFailure(next, time), passwordSignInBlocked: sql`${customers.passwordSignInBlocked} or (${next}) >= ${FAILURES_BEFORE_BLOCK}` };
}

/**
 * Issue 17, S27: a right password forgives the wrong passwords, and lifts the lock and the block
 * only when wrong passwords set them. Wrong second-step codes may have locked the account while
 * the password was being checked; a right password (which the attacker guessing codes already
 * has) must not undo that.
 */
export function passwordSuccessForgiven() {
  return {
    failedSignIns: 0,
    lockedUntil: sql`case when ${lockedBy(customers.failedSecondSteps)} then ${customers.lockedUntil} else null end`,
    passwordSignInBlocked: sql`${customers.failedSecondSteps} >= ${FAILURES_BEFORE_BLOCK}`,
  };
}

/**
 * Issue 22, item 9: one second-step count taken back (a double-click of the right code): a lock
 * that only this count justified is lifted; counts from wrong codes or wrong passwords keep theirs.
 */
export function secondStepAttemptForgiven() {
  const left = sql`greatest(${customers.failedSecondSteps} - 1, 0)`;
  const stillLocked = sql`${lockedBy(left)} or ${lockedBy(customers.failedSignIns)}`;
  return { failedSecondSteps: left, lockedUntil: sql`case when ${stillLocked} then ${customers.lockedUntil} else null end` };
}

/** No failures counted, no lock, no block: after a reset or an unlock. */
export const UNLOCKED = { failedSignIns: 0, failedSecondSteps: 0, lockedUntil: null, passwordSignInBlocked: false };
