import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config";
import { db, type Database } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";

/**
 * Rate limits kept in PostgreSQL, so they hold across app instances and restarts (S29).
 * Each limit has its own key prefix: a flood of reset requests never counts against sign-in.
 */
const limits = {
  // S28: failed sign-ins per client IP.
  signInFailuresPerIp: { points: 20, duration: 10 * 60 },
  // S18: "Forgot your password?" requests per client IP.
  resetRequestsPerIp: { points: 10, duration: 15 * 60 },
  // S18: reset mails per account.
  resetMailsPerAccountHour: { points: 3, duration: 60 * 60 },
  resetMailsPerAccountDay: { points: 10, duration: 24 * 60 * 60 },
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

/** Reads a limit without counting anything. */
export async function checkLimit(name: LimitName, key: string): Promise<LimitState> {
  const state = await (await limiter(name)).get(key);
  const limited = state !== null && state.remainingPoints <= 0;
  return { limited, retryAfterSeconds: limited ? Math.ceil(state.msBeforeNext / 1000) : 0 };
}

/** Counts one event; limited when the limit was already used up. */
export async function consumeLimit(name: LimitName, key: string): Promise<LimitState> {
  try {
    await (await limiter(name)).consume(key);
    return { limited: false, retryAfterSeconds: 0 };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { limited: true, retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) };
    }
    throw error;
  }
}

/** Removes every counter (the operator CLI and tests). */
export async function clearLimits() {
  await (await db()).delete(rateLimits);
}
