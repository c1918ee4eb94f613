import { hash, parseOptions, verify } from "@node-rs/argon2";
import { isLegacyPasswordHash, legacyHashFormat, spendLegacyVerification, verifyLegacyPassword } from "@/lib/auth/legacy-password-hash";

/**
 * S5: argon2id at OWASP's minimum (m=19456 KiB, t=2, p=1). A stored hash with weaker parameters
 * (or another algorithm: the ASP.NET Identity hashes imported from Power Pages) is replaced on the
 * next successful sign-in.
 */
const ARGON2ID = 2; // Algorithm.Argon2id; a const enum cannot be imported under isolatedModules.
const parameters = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A password as it reaches a check: NFKC-normalised for argon2id (S3), and as typed for the
 * imported ASP.NET Identity hashes, which were made from the unnormalised text.
 */
export type PasswordAttempt = { normalized: string; asTyped: string };

export function hashPassword(password: string): Promise<string> {
  return hash(password, parameters);
}

async function verifyArgon2id(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    // Note: an unreadable stored hash is a failed sign-in, never a 500.
    return false;
  }
}

// S26: unknown usernames are verified against this, so they cost the same as known ones.
let dummyHash: Promise<string> | undefined;

async function spendArgon2idVerification(password: string): Promise<false> {
  dummyHash ??= hashPassword("dummy password that no account has");
  await verify(await dummyHash, password);
  return false;
}

/**
 * S26: every check costs one argon2id verification plus one ASP.NET Identity v2 verification
 * (PBKDF2-HMAC-SHA1, 1000 rounds) — real where the stored hash is of that kind, spent on a dummy
 * where it is not — so a failure says nothing about which kind of hash an account has, or
 * whether it has one. The legacy verifier is reached only for `aspnet-identity:` hashes.
 */
export async function verifyPassword(storedHash: string, attempt: PasswordAttempt): Promise<boolean> {
  if (isLegacyPasswordHash(storedHash)) {
    const matches = await verifyLegacyPassword(storedHash, attempt.asTyped);
    await spendArgon2idVerification(attempt.normalized);
    return matches;
  }
  const matches = await verifyArgon2id(storedHash, attempt.normalized);
  await spendLegacyVerification(attempt.asTyped);
  return matches;
}

/** Spends what verifyPassword spends, on dummies, and fails (unknown, locked, disabled, no password). */
export async function verifyAgainstDummy(attempt: PasswordAttempt): Promise<false> {
  await spendArgon2idVerification(attempt.normalized);
  await spendLegacyVerification(attempt.asTyped);
  return false;
}

export function needsRehash(storedHash: string): boolean {
  if (isLegacyPasswordHash(storedHash)) return true;
  try {
    const current = parseOptions(storedHash);
    return (
      current.algorithm !== ARGON2ID ||
      current.memoryCost < parameters.memoryCost ||
      current.timeCost < parameters.timeCost ||
      current.parallelism < parameters.parallelism
    );
  } catch {
    return true;
  }
}

/** What kind of hash is stored, in the audit log's words. */
export function passwordHashFormat(storedHash: string): string {
  return legacyHashFormat(storedHash) ?? (storedHash.startsWith("$argon2id$") ? "argon2id" : "other");
}
