import { contentSecurityPolicy, createNonce } from "@/lib/http/security-headers";

/** S40: the policy every page carries, and its nonce (issue 25: built once, the nonce from a pool). */

describe("the Content Security Policy (S40)", () => {
  it("is the whole policy with this response's nonce", () => {
    expect(contentSecurityPolicy("abc+/=", { development: false, https: true })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc+/=' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests",
    );
    expect(contentSecurityPolicy("xyz", { development: false, https: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-xyz' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy("dev", { development: true, https: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-dev' 'strict-dynamic' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    // Built once per kind, each response's nonce its own.
    expect(contentSecurityPolicy("second", { development: false, https: true })).toContain("'nonce-second'");
    expect(contentSecurityPolicy("second", { development: false, https: true })).not.toContain("abc");
  });

  it("gives every response a nonce of 16 random bytes never given before, across refills of the pool", () => {
    const nonces = Array.from({ length: 5_000 }, () => createNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
    // Not a counter: no two nonces in a row share their first bytes.
    const prefixes = new Set(nonces.map((nonce) => nonce.slice(0, 6)));
    expect(prefixes.size).toBeGreaterThan(nonces.length - 5);
  });
});
