import { randomFillSync } from "node:crypto";

type PolicyOptions = { development: boolean; https: boolean };

// Where a response's nonce goes in the policy; a character no directive holds.
const NONCE_PLACE = "\u0000";

function policyAround(options: PolicyOptions): [string, string] {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${NONCE_PLACE}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Note: style attributes that React and Next.js write need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${options.development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  const [before, after] = directives.join("; ").split(NONCE_PLACE);
  return [before, after];
}

// Issue 25: the policy is the same on every response but for its nonce, so it is built once per
// kind of server (development or not, https or not) and each response only puts its nonce in.
const policies = new Map<string, [string, string]>();

/**
 * S40: the Content Security Policy of every page. Scripts run only with this request's nonce
 * (Next.js applies it to its own scripts); nothing may frame the portal.
 */
export function contentSecurityPolicy(nonce: string, options: PolicyOptions): string {
  const key = `${options.development} ${options.https}`;
  let around = policies.get(key);
  if (!around) policies.set(key, (around = policyAround(options)));
  return `${around[0]}${nonce}${around[1]}`;
}

const NONCE_BYTES = 16;
// Issue 25: one call to the system's random source per 256 nonces instead of one per response
// (as Node's own randomUUID does). Every nonce is still 16 bytes of the CSPRNG used once: the
// pool is refilled, never reread.
const pool = Buffer.alloc(NONCE_BYTES * 256);
let next = pool.length;

/** Makes a fresh nonce for one response: 16 random bytes, base64. */
export function createNonce(): string {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const nonce = pool.toString("base64", next, next + NONCE_BYTES);
  next += NONCE_BYTES;
  return nonce;
}
