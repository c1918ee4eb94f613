import { createHash, randomBytes } from "node:crypto";

/**
 * Tokens the portal mails (reset links today): S7, 32 bytes from the CSPRNG, base64url (43
 * characters); S8, only their SHA-256 is stored, so the token itself exists only in the mail.
 */
export function createEmailToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashEmailToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A well-formed token, before any database work is spent on it. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
