import { randomInt } from "node:crypto";
import { and, count, eq, gte, isNotNull, isNull, min, sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import { db, type Executor } from "@/lib/db";
import { recoveryCodes } from "@/lib/db/schema";
import { keyedHash } from "@/lib/auth/two-step/secret-box";

/**
 * Recovery codes (issue 17; the recovery_codes table is owned here): 10 single-use codes for a
 * customer who has lost their other factors, shown once when made and stored only as keyed
 * hashes. Each is 10 characters from a 31-letter alphabet without look-alikes (about 50 bits):
 * far beyond what the lockout lets anyone try, and useless to someone holding only the database.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newCode(): string {
  const letters = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

function hashCode(customerId: string, typed: string): string {
  return keyedHash("recovery-code", `${customerId}:${typed.toLowerCase().replace(/[\s-]/g, "")}`);
}

/** Whether something typed could be a recovery code (rather than a 6-digit code). */
export function looksLikeRecoveryCode(typed: string): boolean {
  return /^[a-z0-9]{10}$/i.test(typed.replace(/[\s-]/g, ""));
}

/** A new set, replacing every earlier code; the only moment the codes exist in the clear. */
export async function makeRecoveryCodes(tx: Executor, customerId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.customerId, customerId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ customerId, codeHash: hashCode(customerId, code), createdAt: now() })));
  return codes;
}

/** Unused codes left; in the caller's transaction when given (PGlite has one connection: a query outside an open transaction would wait for it forever). */
export async function recoveryCodesLeft(customerId: string, executor?: Executor): Promise<number> {
  const [row] = await (executor ?? (await db()))
    .select({ left: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.customerId, customerId), isNull(recoveryCodes.usedAt)));
  return row?.left ?? 0;
}

/** recoveryCodesLeft as part of a larger statement: the one query of the second-step decision (issue 25). */
export function recoveryCodesLeftCount(customerId: string): SQL<number> {
  return sql<number>`(select count(*)::int from ${recoveryCodes} where ${recoveryCodes.customerId} = ${customerId} and ${recoveryCodes.usedAt} is null)`;
}

/** Uses a code up: one conditional UPDATE, so of simultaneous uses of one code exactly one succeeds. */
export async function spendRecoveryCode(customerId: string, typed: string): Promise<boolean> {
  if (!looksLikeRecoveryCode(typed)) return false;
  const rows = await (await db())
    .update(recoveryCodes)
    .set({ usedAt: now() })
    .where(and(eq(recoveryCodes.customerId, customerId), eq(recoveryCodes.codeHash, hashCode(customerId, typed)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}

/** Whether a code that did not pass is one of the customer's, already used. */
export async function isUsedRecoveryCode(customerId: string, typed: string): Promise<boolean> {
  if (!looksLikeRecoveryCode(typed)) return false;
  const rows = await (await db())
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.customerId, customerId), eq(recoveryCodes.codeHash, hashCode(customerId, typed)), isNotNull(recoveryCodes.usedAt)))
    .limit(1);
  return rows.length === 1;
}

export async function dropRecoveryCodes(tx: Executor, customerId: string) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.customerId, customerId));
}

/** The unused codes: how many, and when they were made (a set is made at once); null when none is left. */
export async function unusedRecoveryCodes(customerId: string): Promise<{ left: number; addedAt: Date } | null> {
  const [row] = await (await db())
    .select({ left: count(), addedAt: min(recoveryCodes.createdAt) })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.customerId, customerId), isNull(recoveryCodes.usedAt)));
  return row && row.left > 0 && row.addedAt ? { left: row.left, addedAt: row.addedAt } : null;
}

/** Removes the unused codes made since a moment (S49: whoever made them saw them); how many went. */
export async function dropRecoveryCodesAddedSince(tx: Executor, customerId: string, since: Date): Promise<number> {
  const rows = await tx
    .delete(recoveryCodes)
    .where(and(eq(recoveryCodes.customerId, customerId), gte(recoveryCodes.createdAt, since), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length;
}
