import { eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { RequestMeta } from "@/lib/http/client-ip";
import { MINUTE, now } from "@/lib/clock";
import { findCustomerByLogin } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { customers, type Customer } from "@/lib/db/schema";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password-hash";
import { MAX_PASSWORD_LENGTH, normalizePassword, passwordLength } from "@/lib/auth/password-policy";
import { checkLimit, consumeLimit } from "@/lib/http/rate-limit";

/** S27: lock at every 5th consecutive failure, 5 minutes doubling to 60; block after 100. */
const FAILURES_PER_LOCK = 5;
const FIRST_LOCK_MINUTES = 5;
const LONGEST_LOCK_MINUTES = 60;
const FAILURES_BEFORE_BLOCK = 100;

export type SignInResult =
  | { ok: true; customer: Customer }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function lockMinutes(consecutiveFailures: number): number {
  const lockNumber = Math.floor(consecutiveFailures / FAILURES_PER_LOCK);
  return Math.min(FIRST_LOCK_MINUTES * 2 ** (lockNumber - 1), LONGEST_LOCK_MINUTES);
}

function canUsePassword(customer: Customer): customer is Customer & { passwordHash: string } {
  const locked = customer.lockedUntil !== null && customer.lockedUntil > now();
  return !customer.disabled && !customer.passwordSignInBlocked && !locked && customer.passwordHash !== null;
}

async function recordFailure(customer: Customer, meta: RequestMeta) {
  const database = await db();
  const [updated] = await database
    .update(customers)
    .set({ failedSignIns: sql`${customers.failedSignIns} + 1` })
    .where(eq(customers.id, customer.id))
    .returning({ failedSignIns: customers.failedSignIns });
  const failures = updated.failedSignIns;
  if (failures >= FAILURES_BEFORE_BLOCK) {
    await database.update(customers).set({ passwordSignInBlocked: true }).where(eq(customers.id, customer.id));
    await recordAudit({ event: "password_sign_in_blocked", customerId: customer.id, meta, details: { failures } });
  } else if (failures % FAILURES_PER_LOCK === 0) {
    const minutes = lockMinutes(failures);
    await database
      .update(customers)
      .set({ lockedUntil: new Date(now().getTime() + minutes * MINUTE) })
      .where(eq(customers.id, customer.id));
    await recordAudit({ event: "lockout_started", customerId: customer.id, meta, details: { failures, minutes } });
  }
}

const NOBODY = "00000000-0000-0000-0000-000000000000";

async function recordFailureForNobody() {
  await (await db())
    .update(customers)
    .set({ failedSignIns: sql`${customers.failedSignIns} + 1` })
    .where(eq(customers.id, NOBODY));
}

async function recordSuccess(customer: Customer & { passwordHash: string }, password: string, meta: RequestMeta) {
  // S5: bring a hash made with weaker parameters up to today's.
  const passwordHash = needsRehash(customer.passwordHash) ? await hashPassword(password) : customer.passwordHash;
  await (await db())
    .update(customers)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now(), passwordHash })
    .where(eq(customers.id, customer.id));
  await recordAudit({ event: "sign_in_succeeded", customerId: customer.id, meta });
}

/**
 * Checks a username (or email address) and password. Every failure looks the same to the caller
 * (S25) and costs one argon2id verification (S26); only a throttled client hears something else,
 * and that says nothing about any account (S28).
 */
export async function signInWithPassword(login: string, rawPassword: string, meta: RequestMeta): Promise<SignInResult> {
  const ipLimit = await checkLimit("signInFailuresPerIp", meta.ip);
  if (ipLimit.limited) {
    await recordAudit({ event: "sign_in_throttled", meta });
    return { ok: false, reason: "throttled", retryAfterSeconds: ipLimit.retryAfterSeconds };
  }

  const password = normalizePassword(rawPassword);
  // S2: nothing over the maximum is ever hashed.
  const plausible = login.length > 0 && login.length <= 254 && password.length > 0 && passwordLength(password) <= MAX_PASSWORD_LENGTH;
  const customer = plausible ? await findCustomerByLogin(login.trim()) : undefined;

  let verified = false;
  if (customer && canUsePassword(customer)) {
    verified = await verifyPassword(customer.passwordHash, password);
    if (verified) {
      await recordSuccess(customer, password, meta);
      return { ok: true, customer };
    }
    await recordFailure(customer, meta);
  } else if (plausible) {
    await verifyAgainstDummy(password);
    // S26: the same write a known account's failure costs, on no row, so timing stays level.
    await recordFailureForNobody();
  }

  await consumeLimit("signInFailuresPerIp", meta.ip);
  await recordAudit({ event: "sign_in_failed", customerId: customer?.id ?? null, meta });
  return { ok: false, reason: "invalid" };
}

/**
 * S29: the current-password check on /account goes through the same throttle and lockout as the
 * sign-in page, so it cannot be used to guess passwords faster.
 */
export async function confirmCurrentPassword(customer: Customer, rawPassword: string, meta: RequestMeta): Promise<SignInResult> {
  const ipLimit = await checkLimit("signInFailuresPerIp", meta.ip);
  if (ipLimit.limited) return { ok: false, reason: "throttled", retryAfterSeconds: ipLimit.retryAfterSeconds };
  const password = normalizePassword(rawPassword);
  if (canUsePassword(customer) && passwordLength(password) <= MAX_PASSWORD_LENGTH && (await verifyPassword(customer.passwordHash, password))) {
    return { ok: true, customer };
  }
  if (canUsePassword(customer)) await recordFailure(customer, meta);
  await consumeLimit("signInFailuresPerIp", meta.ip);
  await recordAudit({ event: "sign_in_failed", customerId: customer.id, meta, details: { where: "change_password" } });
  return { ok: false, reason: "invalid" };
}
