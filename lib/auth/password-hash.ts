import { hash, parseOptions, verify } from "@node-rs/argon2";

/**
 * S5: argon2id at OWASP's minimum (m=19456 KiB, t=2, p=1). A stored hash with weaker parameters
 * (or another algorithm) is replaced on the next successful sign-in.
 */
const ARGON2ID = 2; // Algorithm.Argon2id; a const enum cannot be imported under isolatedModules.
const parameters = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, parameters);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    // Note: an unreadable stored hash is a failed sign-in, never a 500.
    return false;
  }
}

export function needsRehash(storedHash: string): boolean {
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

// S26: unknown usernames are verified against this, so they cost the same as known ones.
let dummyHash: Promise<string> | undefined;

/** Spends one real verification on a hash made with the live parameters, and fails. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("dummy password that no account has");
  await verify(await dummyHash, password);
  return false;
}
