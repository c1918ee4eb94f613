import { randomBytes } from "node:crypto";

// Both hash functions are the real ones, wrapped so a test can count what each check spends (S26).
const mockArgon2Verify = jest.fn();
const mockPbkdf2Calls = jest.fn();
jest.mock("@node-rs/argon2", () => {
  const actual = jest.requireActual("@node-rs/argon2");
  return { ...actual, verify: (...args: unknown[]) => (mockArgon2Verify(...args), actual.verify(...args)) };
});
jest.mock("node:crypto", () => {
  const actual = jest.requireActual("node:crypto");
  return { ...actual, pbkdf2: (...args: unknown[]) => (mockPbkdf2Calls(...args), actual.pbkdf2(...args)) };
});
import { LEGACY_HASH_PREFIX, legacyHashFormat, parseAspNetIdentityHash, verifyLegacyPassword } from "@/lib/auth/legacy-password-hash";
import { hashPassword, needsRehash, passwordHashFormat, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password-hash";

/** The known vectors of power-pages-migration.md, all for the password "my password". */
const PASSWORD = "my password";
const vectors: Array<{ hash: string; what: string; matches: boolean }> = [
  { hash: "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg==", what: "v2 (salt 00..0F)", matches: true },
  { hash: "ANXrDknc7fGPpigibZXXZFMX4aoqz44JveK6jQuwY3eH/UyPhvr5xTPeGYEckLxz9A==", what: "v2", matches: true },
  { hash: "AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg+yWU7rLgUwPZb1Itsmra7cbxw2EFpwpVFIEtP+JIuUEw==", what: "v3, SHA256, 10000 iterations", matches: true },
  { hash: "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4B6pZWND6zgESBuWiHw", what: "v3, SHA512, 50 iterations, 128-bit subkey", matches: true },
  {
    hash: "AQAAAAIAAAD6AAAAIJbVi5wbMR+htSfFp8fTw8N8GOS/Sje+S/4YZcgBfU7EQuqv4OkVYmc4VJl9AGZzmRTxSkP7LtVi9IWyUxX8IAAfZ8v+ZfhjCcudtC1YERSqE1OEdXLW9VukPuJWBBjLuw==",
    what: "v3, SHA512, 250 iterations, 256-bit salt, 512-bit subkey",
    matches: true,
  },
  { hash: "AQAAAAAAAAD6AAAAEAhftMyfTJylOlZT+eEotFXd1elee8ih5WsjXaR3PA9M", what: "v3, SHA1, 250 iterations", matches: true },
  { hash: "AQAAAAEAA9CQAAAAIESkQuj2Du8Y+kbc5lcN/W/3NiAZFEm11P27nrSN5/tId+bR1SwV8CO1Jd72r4C08OLvplNlCDc3oQZ8efcW+jQ=", what: "v3, SHA256, 250000 iterations", matches: true },
  { hash: "AAABAgMEBQYHCAkKCwwNDg+uAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALtH1uJg==", what: "v2, wrong subkey", matches: false },
  { hash: "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggE=", what: "v2, too short", matches: false },
  { hash: "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJgAAAAAAAAAAAAA=", what: "v2, extra bytes", matches: false },
  { hash: "AQAAAAAAAAD6AAAAEAhftMyfTJyAAAAAAAAAAAAAAAAAAAih5WsjXaR3PA9M", what: "v3, wrong subkey", matches: false },
  { hash: "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4A=", what: "v3, too short", matches: false },
  { hash: "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4B6pZWND6zgESBuWiHwAAAAAAAAAAAA", what: "v3, extra bytes", matches: false },
];

const stored = (base64: string) => `${LEGACY_HASH_PREFIX}${base64}`;

/** A v3 header followed by the given salt and subkey. */
function v3(prf: number, iterations: number, saltLength: number, rest: Buffer): string {
  const header = Buffer.alloc(13);
  header[0] = 0x01;
  header.writeUInt32BE(prf, 1);
  header.writeUInt32BE(iterations, 5);
  header.writeUInt32BE(saltLength, 9);
  return Buffer.concat([header, rest]).toString("base64");
}

describe("ASP.NET Identity password hashes imported from Power Pages (S5)", () => {
  it.each(vectors)("$what: the reference file says match = $matches", async ({ hash, matches }) => {
    expect(await verifyLegacyPassword(stored(hash), PASSWORD)).toBe(matches);
  });

  it.each(vectors.filter((vector) => vector.matches))("$what: another password does not match", async ({ hash }) => {
    expect(await verifyLegacyPassword(stored(hash), "my passworD")).toBe(false);
    expect(await verifyLegacyPassword(stored(hash), "")).toBe(false);
  });

  it("reads v3 with each PRF: HMAC-SHA1, HMAC-SHA256 and HMAC-SHA512", () => {
    const digests = vectors.filter((vector) => vector.matches).map((vector) => parseAspNetIdentityHash(vector.hash));
    expect(digests.map((parsed) => `${parsed?.format} ${parsed?.digest} ${parsed?.iterations}`)).toEqual([
      "aspnet-identity-v2 sha1 1000",
      "aspnet-identity-v2 sha1 1000",
      "aspnet-identity-v3 sha256 10000",
      "aspnet-identity-v3 sha512 50",
      "aspnet-identity-v3 sha512 250",
      "aspnet-identity-v3 sha1 250",
      "aspnet-identity-v3 sha256 250000",
    ]);
  });

  it.each([
    ["empty", ""],
    ["not base64", "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg=!"],
    ["base64 with whitespace", "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0s dEUfdyeM+E1LtH1uJg=="],
    ["base64 without its padding", "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg"],
    ["unknown format marker 0x02", Buffer.concat([Buffer.from([2]), randomBytes(48)]).toString("base64")],
    ["an argon2id PHC string", "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA"],
    ["v3 with an unknown PRF (3)", v3(3, 1000, 16, randomBytes(48))],
    ["v3 with 0 iterations", v3(1, 0, 16, randomBytes(48))],
    ["v3 with 4 billion iterations", v3(1, 0xffffffff, 16, randomBytes(48))],
    ["v3 with a salt under 128 bits", v3(1, 1000, 8, randomBytes(40))],
    ["v3 with a salt longer than the hash", v3(1, 1000, 0xffffffff, randomBytes(48))],
    ["v3 with a subkey under 128 bits", v3(1, 1000, 16, randomBytes(16 + 15))],
    ["v3 with only a header", v3(1, 1000, 16, Buffer.alloc(0))],
    ["v3 cut inside its header", Buffer.from([1, 0, 0, 0, 1, 0, 0]).toString("base64")],
  ])("refuses a malformed hash without throwing: %s", async (_what, base64) => {
    expect(parseAspNetIdentityHash(base64)).toBeNull();
    await expect(verifyLegacyPassword(stored(base64), PASSWORD)).resolves.toBe(false);
  });

  it("never throws on random bytes", async () => {
    for (let i = 0; i < 200; i += 1) {
      const bytes = randomBytes(1 + (i % 90));
      bytes[0] = i % 3;
      await expect(verifyLegacyPassword(stored(bytes.toString("base64")), PASSWORD)).resolves.toBe(false);
    }
  });

  it("is reached only for hashes stored with the aspnet-identity: prefix", async () => {
    const [v2] = vectors;
    expect(await verifyLegacyPassword(v2.hash, PASSWORD)).toBe(false);
    expect(await verifyPassword(v2.hash, { normalized: PASSWORD, asTyped: PASSWORD })).toBe(false);
    expect(await verifyPassword(stored(v2.hash), { normalized: PASSWORD, asTyped: PASSWORD })).toBe(true);
    expect(legacyHashFormat(v2.hash)).toBeNull();
    expect(legacyHashFormat(stored(v2.hash))).toBe("aspnet-identity-v2");
  });

  it("checks the password as typed: ASP.NET Identity did not normalise it", async () => {
    // "my password" typed with a fullwidth "ｍ": NFKC turns it into the ASCII text the vector was made from.
    const typed = "\uFF4Dy password";
    expect(typed.normalize("NFKC")).toBe(PASSWORD);
    expect(await verifyPassword(stored(vectors[0].hash), { normalized: PASSWORD, asTyped: typed })).toBe(false);
    expect(await verifyPassword(stored(vectors[0].hash), { normalized: PASSWORD, asTyped: PASSWORD })).toBe(true);
  });
});

describe("one verification path for both kinds of stored hash", () => {
  it("still verifies argon2id hashes, and marks legacy ones for an upgrade", async () => {
    const argon2id = await hashPassword("lantern orchard ridge");
    expect(await verifyPassword(argon2id, { normalized: "lantern orchard ridge", asTyped: "lantern orchard ridge" })).toBe(true);
    expect(await verifyPassword(argon2id, { normalized: "wrong", asTyped: "wrong" })).toBe(false);
    expect(needsRehash(argon2id)).toBe(false);
    expect(needsRehash(stored(vectors[0].hash))).toBe(true);
    expect(passwordHashFormat(argon2id)).toBe("argon2id");
    expect(passwordHashFormat(stored(vectors[2].hash))).toBe("aspnet-identity-v3");
    await expect(verifyAgainstDummy({ normalized: PASSWORD, asTyped: PASSWORD })).resolves.toBe(false);
  });

  // Counted, not timed: the work each path does is what S26 is about, and a test that compares
  // times fails on a busy machine for the machine's sake (the benchmark measures the times).
  it("spends an argon2id verification on a legacy hash and a v2 one on an argon2id hash (S26)", async () => {
    const argon2id = await hashPassword("lantern orchard ridge");
    const attempt = { normalized: "not the password", asTyped: "not the password" };
    await verifyAgainstDummy(attempt);
    const work = async (run: () => Promise<unknown>) => {
      mockArgon2Verify.mockClear();
      mockPbkdf2Calls.mockClear();
      await run();
      return { argon2id: mockArgon2Verify.mock.calls.length, pbkdf2: mockPbkdf2Calls.mock.calls.map((call) => `${call[2]} ${call[4]}`) };
    };
    // The v2 vector is PBKDF2-HMAC-SHA1 with 1000 rounds: the same as the dummy the others spend.
    const oneOfEach = { argon2id: 1, pbkdf2: ["1000 sha1"] };
    expect(await work(() => verifyPassword(stored(vectors[0].hash), attempt))).toEqual(oneOfEach);
    expect(await work(() => verifyPassword(argon2id, attempt))).toEqual(oneOfEach);
    expect(await work(() => verifyAgainstDummy(attempt))).toEqual(oneOfEach);
    expect(await work(() => verifyPassword(argon2id, { normalized: "lantern orchard ridge", asTyped: "lantern orchard ridge" }))).toEqual(oneOfEach);
  });
});
