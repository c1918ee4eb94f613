import { readFileSync } from "node:fs";
import { createEmailToken, isWellFormedToken } from "@/lib/auth/tokens";

describe("S7: tokens the portal mails", () => {
  it("are 43 base64url characters and all different across 100 000", () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) tokens.add(createEmailToken());
    expect(tokens.size).toBe(100_000);
    for (const token of [...tokens].slice(0, 1000)) expect(isWellFormedToken(token)).toBe(true);
  });

  it("never come from Math.random or a UUID", () => {
    expect(readFileSync("lib/auth/tokens.ts", "utf8")).not.toMatch(/Math\.random|uuid/i);
  });
});
