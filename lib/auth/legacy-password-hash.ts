import { pbkdf2, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

/**
 * Password hashes brought over from Power Pages (ASP.NET Identity v2 and v3), checked only until
 * the customer's first successful sign-in replaces them with argon2id (S5). They are stored as
 * `aspnet-identity:<base64 exactly as exported>`, so this verifier is reached only for hashes
 * carrying that prefix; every other stored hash is argon2id.
 *
 * v2: 0x00 | salt (16) | subkey (32), PBKDF2-HMAC-SHA1, 1000 iterations.
 * v3: 0x01 | PRF (uint32 BE) | iterations (uint32 BE) | salt length (uint32 BE) | salt | subkey.
 */
export const LEGACY_HASH_PREFIX = "aspnet-identity:";

export type LegacyHashFormat = "aspnet-identity-v2" | "aspnet-identity-v3";

export type AspNetIdentityHash = {
  format: LegacyHashFormat;
  digest: "sha1" | "sha256" | "sha512";
  iterations: number;
  salt: Buffer;
  subkey: Buffer;
};

const V2_SALT_BYTES = 16;
const V2_SUBKEY_BYTES = 32;
const V2_ITERATIONS = 1000;
const V3_HEADER_BYTES = 13;
// ASP.NET Core Identity refuses salts and subkeys under 128 bits; so does this.
const V3_MIN_BYTES = 16;
// Note: the iteration count is read from the stored bytes. A corrupt or hostile row could ask for
// 4 billion rounds and hold a thread for hours; no ASP.NET Identity version has used over 250 000.
const V3_MAX_ITERATIONS = 1_000_000;
const V3_DIGESTS = ["sha1", "sha256", "sha512"] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const derive = promisify(pbkdf2);

/** Reads an ASP.NET Identity hash (base64, no prefix); null for anything that is not a valid v2 or v3 hash. */
export function parseAspNetIdentityHash(base64: string): AspNetIdentityHash | null {
  if (base64.length === 0 || !BASE64.test(base64)) return null;
  const bytes = Buffer.from(base64, "base64");
  if (bytes[0] === 0x00) {
    if (bytes.length !== 1 + V2_SALT_BYTES + V2_SUBKEY_BYTES) return null;
    return {
      format: "aspnet-identity-v2",
      digest: "sha1",
      iterations: V2_ITERATIONS,
      salt: bytes.subarray(1, 1 + V2_SALT_BYTES),
      subkey: bytes.subarray(1 + V2_SALT_BYTES),
    };
  }
  if (bytes[0] === 0x01) {
    if (bytes.length < V3_HEADER_BYTES) return null;
    const digest = V3_DIGESTS[bytes.readUInt32BE(1)];
    const iterations = bytes.readUInt32BE(5);
    const saltLength = bytes.readUInt32BE(9);
    if (!digest || iterations < 1 || iterations > V3_MAX_ITERATIONS || saltLength < V3_MIN_BYTES) return null;
    if (bytes.length - V3_HEADER_BYTES - saltLength < V3_MIN_BYTES) return null;
    return {
      format: "aspnet-identity-v3",
      digest,
      iterations,
      salt: bytes.subarray(V3_HEADER_BYTES, V3_HEADER_BYTES + saltLength),
      subkey: bytes.subarray(V3_HEADER_BYTES + saltLength),
    };
  }
  return null;
}

export function isLegacyPasswordHash(storedHash: string): boolean {
  return storedHash.startsWith(LEGACY_HASH_PREFIX);
}

/** The format of a stored legacy hash (for the audit log and the migration report), or null. */
export function legacyHashFormat(storedHash: string): LegacyHashFormat | null {
  if (!isLegacyPasswordHash(storedHash)) return null;
  return parseAspNetIdentityHash(storedHash.slice(LEGACY_HASH_PREFIX.length))?.format ?? null;
}

/**
 * Checks a password against a stored `aspnet-identity:` hash. ASP.NET Identity hashed the UTF-8
 * bytes of the password as typed (no normalisation), so that is what is given here. A malformed
 * hash fails; this never throws.
 */
export async function verifyLegacyPassword(storedHash: string, passwordAsTyped: string): Promise<boolean> {
  if (!isLegacyPasswordHash(storedHash)) return false;
  const parsed = parseAspNetIdentityHash(storedHash.slice(LEGACY_HASH_PREFIX.length));
  if (!parsed) return false;
  try {
    const derived = await derive(Buffer.from(passwordAsTyped, "utf8"), parsed.salt, parsed.iterations, parsed.subkey.length, parsed.digest);
    return timingSafeEqual(derived, parsed.subkey);
  } catch {
    return false;
  }
}

const dummySalt = Buffer.alloc(V2_SALT_BYTES, 0x5a);
const dummySubkey = Buffer.alloc(V2_SUBKEY_BYTES);

/**
 * S26: the cost of one v2 verification, spent where the stored hash is not a legacy one (argon2id
 * hashes, unknown usernames), so that a failure costs the same whichever kind of hash is stored.
 */
export async function spendLegacyVerification(passwordAsTyped: string): Promise<false> {
  const derived = await derive(Buffer.from(passwordAsTyped, "utf8"), dummySalt, V2_ITERATIONS, V2_SUBKEY_BYTES, "sha1");
  timingSafeEqual(derived, dummySubkey);
  return false;
}
