import { createHash, randomBytes } from "node:crypto";

/** S7: 32 bytes from the CSPRNG, base64url (43 characters). */
export function createResetToken(): string {
  return randomBytes(32).toString("base64url");
}

/** S8: only this is stored; the token itself exists only in the email. */
export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A well-formed token, before any database work is spent on it. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
