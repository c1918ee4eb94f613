import { createHash } from "node:crypto";
import { ConfigurationError } from "./configuration-error";
import type { Environment } from "./environment";

/**
 * The key that seals authenticator-app secrets and keys the hashes of sign-in and recovery codes
 * (issue 17). Production needs its own; development derives one from AUTH_SECRET (itself a fixed
 * development secret unless set), so codes and secrets survive dev reloads.
 */
export function twoStepKey(env: Environment, authSecret: string): Buffer {
  const given = env.MFA_ENCRYPTION_KEY?.trim();
  if (!given) {
    if (env.NODE_ENV === "production") throw new ConfigurationError("MFA_ENCRYPTION_KEY", "is required in production");
    return createHash("sha256").update(`portal two-step development key:${authSecret}`).digest();
  }
  // Strictly 64 hex digits or 43 base64 characters (and "="): Node's base64 decoder skips what it
  // does not know, so a passphrase could otherwise decode to 32 bytes by chance.
  const key = /^[0-9a-fA-F]{64}$/.test(given) ? Buffer.from(given, "hex") : /^[A-Za-z0-9+/]{43}=?$/.test(given) ? Buffer.from(given, "base64") : Buffer.alloc(0);
  if (key.length !== 32) throw new ConfigurationError("MFA_ENCRYPTION_KEY", "is not 32 bytes in base64 or hex");
  return key;
}
