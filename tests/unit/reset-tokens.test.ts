import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createResetToken, hashResetToken } from "@/lib/auth/reset-tokens";

describe("S7, S8: reset tokens", () => {
  it("are 43 base64url characters and all different across 100 000", () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) tokens.add(createResetToken());
    expect(tokens.size).toBe(100_000);
    for (const token of [...tokens].slice(0, 1000)) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as their SHA-256 only", () => {
    const token = createResetToken();
    expect(hashResetToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashResetToken(token)).not.toContain(token);
  });

  it("never come from Math.random or a UUID", () => {
    const source = readFileSync("lib/reset-tokens.ts", "utf8");
    expect(source).not.toMatch(/Math\.random|uuid/i);
  });
});
