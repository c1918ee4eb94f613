import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById, lockCustomer } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import { signInChallenges, type Customer } from "@/lib/db/schema";

/**
 * The state between a correct password and a session (the sign_in_challenges table is owned
 * here): a random id in a 5-minute HttpOnly cookie on the browser that gave the password, and its
 * SHA-256 in the database. It proves "this browser knew the password just now" and nothing more —
 * it never opens a page that needs a session.
 */
export type ChallengePurpose = "confirm_email" | "second_factor";
export const CHALLENGE_LIFETIME_MS = 5 * MINUTE;

export type Challenge = typeof signInChallenges.$inferSelect;

function hashId(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

export function challengeCookieName(): string {
  return config().secureCookies ? "__Host-portal.pending" : "portal.pending";
}

function challengeCookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config().secureCookies, maxAge: maxAgeSeconds };
}

/** An external sign-in that is waiting for its second step: which provider, and the trust start its identity carries. */
export type ExternalWayIn = { provider: string; trustStart: Date | null };

/**
 * Starts a challenge for this browser (replacing the customer's earlier ones of the same purpose)
 * and sets its cookie. external: the sign-in began with an external account (issue 24), which the
 * session it ends in records like one made at once. Null, and nothing started, when the account
 * was taken back (S23, S49: its session version moved on) or disabled since the sign-in read it:
 * the password it checked may be the one a reset just replaced, and a recovery still running is
 * waited for. The second-step page then says the sign-in has expired.
 */
export async function startChallenge(
  customer: Pick<Customer, "id" | "sessionVersion">,
  purpose: ChallengePurpose,
  remember: boolean,
  external?: ExternalWayIn | null,
): Promise<Challenge | null> {
  const raw = randomBytes(32).toString("base64url");
  const time = now();
  const database = await db();
  const started = await database.transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    const current = await lockCustomer(tx, customer.id);
    if (!current || current.disabled || current.sessionVersion !== customer.sessionVersion) return null;
    await tx.delete(signInChallenges).where(and(eq(signInChallenges.customerId, customer.id), eq(signInChallenges.purpose, purpose)));
    return tx
      .insert(signInChallenges)
      .values({
        idHash: hashId(raw),
        customerId: customer.id,
        purpose,
        remember,
        createdAt: time,
        expiresAt: new Date(time.getTime() + CHALLENGE_LIFETIME_MS),
        provider: external?.provider ?? null,
        wayInTrustStart: external?.trustStart ?? null,
      })
      .returning();
  });
  if (!started) return null;
  (await cookies()).set(challengeCookieName(), raw, challengeCookieOptions(CHALLENGE_LIFETIME_MS / 1000));
  return started[0];
}

/** This browser's live challenge of the purpose, with its customer; null when there is none, it expired or was used. */
export async function currentChallenge(purpose: ChallengePurpose): Promise<{ challenge: Challenge; customer: Customer } | null> {
  const raw = (await cookies()).get(challengeCookieName())?.value;
  if (!raw || !/^[A-Za-z0-9_-]{43}$/.test(raw)) return null;
  const [challenge] = await (await db())
    .select()
    .from(signInChallenges)
    .where(and(eq(signInChallenges.idHash, hashId(raw)), eq(signInChallenges.purpose, purpose), isNull(signInChallenges.usedAt), gt(signInChallenges.expiresAt, now())))
    .limit(1);
  if (!challenge) return null;
  const customer = await findCustomerById(challenge.customerId);
  return customer && !customer.disabled ? { challenge, customer } : null;
}

/** The external sign-in a challenge began with, if it began with one. */
export function externalWayInOf(challenge: Challenge): ExternalWayIn | null {
  return challenge.provider ? { provider: challenge.provider, trustStart: challenge.wayInTrustStart } : null;
}

/** Uses the challenge up, once: of simultaneous calls exactly one gets true. */
export async function finishChallenge(challenge: Challenge): Promise<boolean> {
  const rows = await (await db())
    .update(signInChallenges)
    .set({ usedAt: now() })
    .where(and(eq(signInChallenges.idHash, challenge.idHash), isNull(signInChallenges.usedAt), gt(signInChallenges.expiresAt, now())))
    .returning({ idHash: signInChallenges.idHash });
  await clearChallengeCookie();
  return rows.length === 1;
}

/**
 * Ends every pending step of a customer's sign-ins (issue 17): "sign out of all devices", a
 * password reset or a support reset of two-step verification leaves nobody halfway in.
 */
export async function endChallengesOf(tx: Executor, customerId: string) {
  await tx.update(signInChallenges).set({ usedAt: now() }).where(and(eq(signInChallenges.customerId, customerId), isNull(signInChallenges.usedAt)));
}

export async function clearChallengeCookie() {
  (await cookies()).set(challengeCookieName(), "", challengeCookieOptions(0));
}

/**
 * Claims the right to send this challenge's mail again, at most once per cooldown, in one
 * statement (S45); returns the seconds left to wait when it is too soon.
 */
export async function claimResend(challenge: Challenge, cooldownMs: number): Promise<{ ok: true } | { ok: false; waitSeconds: number }> {
  const time = now();
  const rows = await (await db())
    .update(signInChallenges)
    .set({ resendAfter: new Date(time.getTime() + cooldownMs) })
    .where(and(eq(signInChallenges.idHash, challenge.idHash), or(isNull(signInChallenges.resendAfter), lte(signInChallenges.resendAfter, time))))
    .returning({ idHash: signInChallenges.idHash });
  if (rows.length === 1) return { ok: true };
  const [row] = await (await db()).select({ resendAfter: signInChallenges.resendAfter }).from(signInChallenges).where(eq(signInChallenges.idHash, challenge.idHash));
  return { ok: false, waitSeconds: Math.max(1, Math.ceil(((row?.resendAfter?.getTime() ?? time.getTime()) - time.getTime()) / 1000)) };
}

/** Drops challenges that ended more than an hour ago. */
export async function pruneChallenges(executor?: Executor) {
  await (executor ?? (await db())).delete(signInChallenges).where(sql`${signInChallenges.expiresAt} < ${new Date(now().getTime() - 60 * MINUTE).toISOString()}::timestamptz`);
}
