import { and, eq, gt, isNull, lt, lte, sql, type SQLWrapper } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config";
import { db, type Database, type Executor } from "@/lib/db";
import { writeTogether } from "@/lib/db/one-statement";
import { rateLimits } from "@/lib/db/schema";
import { throttled } from "@/lib/operations/events";

/**
 * Rate limits kept in PostgreSQL, so they hold across app instances and restarts (S29).
 * Each limit has its own key prefix: a flood of reset requests never counts against sign-in.
 *
 * S45: a limit is never read and then written later. consume() is one INSERT … ON CONFLICT that
 * adds the point and returns the new count, so of N simultaneous requests exactly the allowed
 * number get through, on any number of instances.
 */
const limits = {
  // S28: failed sign-ins (and current-password checks) per client IP.
  signInFailuresPerIp: { points: 20, duration: 10 * 60 },
  // S18: "Forgot your password?" requests per client IP.
  resetRequestsPerIp: { points: 10, duration: 15 * 60 },
  // S14: invalid or expired mailed tokens (reset, confirmation and registration links, invitation
  // codes) per client IP: one allowance for every kind, so guessing one kind spends it for all.
  invalidMailedTokensPerIp: { points: 10, duration: 15 * 60 },
  // Registrations per client IP, and registration mails per address (issue 14; silent, like S18).
  registrationsPerIp: { points: 10, duration: 15 * 60 },
  registrationMailsPerAddress: { points: 3, duration: 60 * 60 },
  // Rule R1 (README, Registration): usernames answered "taken" after an emailed link or an
  // invitation code, per link or code and per client, so nobody can walk a list of names.
  usernameTriesPerLink: { points: 5, duration: 24 * 60 * 60 },
  usernameTriesPerIp: { points: 10, duration: 15 * 60 },
  // Issue 16: email address changes a customer may start an hour, and security alerts an account
  // may be sent for repeated lockouts or sign-ins from new browsers (so nobody who knows a
  // password, or keeps failing it, can flood the owner's mailbox).
  emailChangesPerAccount: { points: 3, duration: 60 * 60 },
  lockoutAlertsPerAccount: { points: 1, duration: 60 * 60 },
  newBrowserAlertsPerAccount: { points: 5, duration: 60 * 60 },
  // Issue 17: codes mailed to an account an hour (sign-in and turning codes on), so a password
  // typed again and again cannot flood the owner's mailbox; past it, silently no mail (like S18).
  emailCodesPerAccount: { points: 10, duration: 60 * 60 },
  // Passkey sign-in ceremonies a client may start (each stores a challenge until it expires; every
  // sign-in page starts one for the Username field's passkey autofill, so offices behind one
  // address need room).
  passkeyCeremoniesPerIp: { points: 100, duration: 10 * 60 },
  // Issue 27: confirmation links the support team resends to an account (one press or twenty at
  // once send one mail; the customer's own "Send the link again" has its own once-a-minute rule).
  staffConfirmationMailsPerAccount: { points: 1, duration: 5 * 60 },
  // "Contact us" messages per client IP (the form is open to anyone).
  contactMessagesPerIp: { points: 5, duration: 60 * 60 },
  // Issue 31: "Was this helpful?" answers per client IP (one per browser per article is kept; this
  // bounds a client that drops its cookie to vote again).
  kbVotesPerIp: { points: 30, duration: 60 * 60 },
  // Issue 26: files a customer may send to POST /api/attachments an hour (each is read, checked and
  // perhaps re-encoded before it is kept): twelve full messages' worth at the default 5 files.
  uploadsPerCustomer: { points: 60, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof limits;

const limiters = new WeakMap<Database, Map<LimitName, RateLimiterDrizzle>>();

function limiterOn(storeClient: Executor, name: LimitName): RateLimiterDrizzle {
  const { points, duration } = limits[name];
  // RATE_LIMIT_SCALE exists for load tests; production leaves it at 1.
  return new RateLimiterDrizzle({ storeClient, schema: rateLimits, keyPrefix: name, points: points * config().rateLimitScale, duration, clearExpiredByTimeout: false });
}

async function limiter(name: LimitName): Promise<RateLimiterDrizzle> {
  const database = await db();
  let byName = limiters.get(database);
  if (!byName) limiters.set(database, (byName = new Map()));
  let found = byName.get(name);
  if (!found) {
    found = limiterOn(database, name);
    byName.set(name, found);
  }
  return found;
}

export type LimitState = { limited: boolean; retryAfterSeconds: number };

/** consumeLimit's answer, with the end of the counter's window the event was counted in (null: none, or refused). */
async function consumed(name: LimitName, key: string, executor?: Executor): Promise<{ state: LimitState; windowEndsAt: number | null }> {
  try {
    const counted = await (executor ? limiterOn(executor, name) : await limiter(name)).consume(key);
    return { state: { limited: false, retryAfterSeconds: 0 }, windowEndsAt: counted.msBeforeNext >= 0 ? Date.now() + counted.msBeforeNext : null };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throttled(name);
      return { state: { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) }, windowEndsAt: null };
    }
    throw error;
  }
}

/**
 * Counts one event; limited when the limit was already used up (the event is then refused).
 * Inside a transaction, pass it: the counter is then written on the transaction's connection (the
 * embedded database has only one, which the transaction holds).
 */
export async function consumeLimit(name: LimitName, key: string, executor?: Executor): Promise<LimitState> {
  return (await consumed(name, key, executor)).state;
}

export type Reservation = LimitState & {
  /** The attempt turned out not to count (a right password, a good link): the point goes back. */
  giveBack: () => Promise<void>;
};

/** One limit's reservation. */
export type PointReservation = Reservation & {
  /** giveBack as a statement not yet run, for a use case that sends it with its own writes (issue 25). */
  givenBack: (database: Executor) => SQLWrapper[];
};

// A window ends `duration` after it starts, and it starts after the last one ended: any later
// window of a counter ends at least a duration later — five minutes or more for every limit
// above — so a second's slack tells the window a point was taken in.
const SAME_WINDOW_SLACK_MS = 1_000;

/**
 * Takes a point before the expensive or guessable work (argon2id, a token lookup) and gives it
 * back when the attempt succeeds, so the limit counts failures while no burst can outrun it.
 *
 * S28, S45: a point goes back once, only to the window it was taken in while that window lasts,
 * and never below zero. (The library's own reward() takes it off whatever window the counter is
 * in: right passwords sent as a window ends would have been given back to the next one and
 * carried unused allowance over, window after window.)
 */
export async function reservePoint(name: LimitName, key: string): Promise<PointReservation> {
  const { state, windowEndsAt } = await consumed(name, key);
  // The counter's row as the library keys it (the limit's name is its prefix).
  const counter = (await limiter(name)).getKey(key);
  let given = state.limited;
  const givenBack = (database: Executor): SQLWrapper[] => {
    if (given) return [];
    // Note: marked given when built: a statement that then fails (or its transaction) loses the
    // point rather than risk returning it twice.
    given = true;
    const time = new Date();
    const sameWindow =
      windowEndsAt === null ? isNull(rateLimits.expire) : and(gt(rateLimits.expire, time), lte(rateLimits.expire, new Date(windowEndsAt + SAME_WINDOW_SLACK_MS)));
    return [database.update(rateLimits).set({ points: sql`greatest(${rateLimits.points} - 1, 0)` }).where(and(eq(rateLimits.key, counter), sameWindow))];
  };
  return {
    ...state,
    givenBack,
    giveBack: async () => {
      const database = await db();
      await writeTogether(database, givenBack(database));
    },
  };
}

/**
 * Housekeeping: counters whose window has ended. The library never removes them (it resets one
 * when the same key comes back), so each client address ever seen kept a row: an attacker
 * rotating addresses grew the table without end. A removed counter and an ended one count alike —
 * the next event starts a new window at 1 — and a point still out for an ended window goes
 * nowhere either way (reservePoint).
 */
export async function pruneEndedLimits(executor?: Executor) {
  // The windows run on the library's clock, this process's Date (not the portal's test clock).
  await (executor ?? (await db())).delete(rateLimits).where(lt(rateLimits.expire, new Date()));
}

/** Removes every counter (the operator CLI and tests). */
export async function clearLimits() {
  await (await db()).delete(rateLimits);
}
