import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

/**
 * What two-step verification keeps secret at rest, with MFA_ENCRYPTION_KEY: authenticator-app
 * secrets sealed with AES-256-GCM (bound to their customer, so a sealed secret copied onto another
 * row does not open), and keyed hashes of sign-in and recovery codes — a 6-digit code's plain
 * SHA-256 is reversed by trying a million values, a keyed one is not without the key.
 */
type KeyUse = "seal" | "email-code" | "recovery-code";

function subkey(use: KeyUse): Buffer {
  return Buffer.from(hkdfSync("sha256", config().twoStep.encryptionKey, Buffer.alloc(0), `customer-portal two-step ${use}`, 32));
}

const VERSION = "v1";

export function sealSecret(plain: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subkey("seal"), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), sealed.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The secret, or null when the value was tampered with, sealed for someone else or under another key. */
export function openSecret(sealed: string, boundTo: string): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", subkey("seal"), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** HMAC-SHA-256 of a code under the key for its kind, hex. */
export function keyedHash(use: Exclude<KeyUse, "seal">, value: string): string {
  return createHmac("sha256", subkey(use)).update(value).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
