import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config";
import { db, type Database } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";

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
  // S14: invalid or expired reset links per client IP.
  invalidResetTokensPerIp: { points: 10, duration: 15 * 60 },
  // "Contact us" messages per client IP (the form is open to anyone).
  contactMessagesPerIp: { points: 5, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof limits;

const limiters = new WeakMap<Database, Map<LimitName, RateLimiterDrizzle>>();

async function limiter(name: LimitName): Promise<RateLimiterDrizzle> {
  const database = await db();
  let byName = limiters.get(database);
  if (!byName) limiters.set(database, (byName = new Map()));
  let found = byName.get(name);
  if (!found) {
    const { points, duration } = limits[name];
    found = new RateLimiterDrizzle({
      storeClient: database,
      schema: rateLimits,
      keyPrefix: name,
      // RATE_LIMIT_SCALE exists for load tests; production leaves it at 1.
      points: points * config().rateLimitScale,
      duration,
      clearExpiredByTimeout: false,
    });
    byName.set(name, found);
  }
  return found;
}

export type LimitState = { limited: boolean; retryAfterSeconds: number };

/** Counts one event; limited when the limit was already used up (the event is then refused). */
export async function consumeLimit(name: LimitName, key: string): Promise<LimitState> {
  try {
    await (await limiter(name)).consume(key);
    return { limited: false, retryAfterSeconds: 0 };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    throw error;
  }
}

export type Reservation = LimitState & {
  /** The attempt turned out not to count (a right password, a good link): the point goes back. */
  giveBack: () => Promise<void>;
};

/**
 * Takes a point before the expensive or guessable work (argon2id, a token lookup) and gives it
 * back when the attempt succeeds, so the limit counts failures while no burst can outrun it.
 */
export async function reservePoint(name: LimitName, key: string): Promise<Reservation> {
  const state = await consumeLimit(name, key);
  return {
    ...state,
    giveBack: async () => {
      if (!state.limited) await (await limiter(name)).reward(key, 1);
    },
  };
}

/** Removes every counter (the operator CLI and tests). */
export async function clearLimits() {
  await (await db()).delete(rateLimits);
}
