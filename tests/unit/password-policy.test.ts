import { checkNewPassword, normalizePassword, passwordWarningText } from "@/lib/auth/password-policy";

const context = { username: "jsmith", email: "john.smith@example.com" };

describe("the password policy (S1–S4)", () => {
  it("rejects 14 characters and accepts 15, counted as code points (15 emoji are 15)", () => {
    expect(checkNewPassword("quiet river 14", context)).toMatchObject({ ok: false, code: "too_short", minimum: 15, length: 14 });
    expect(checkNewPassword("quiet rivers 15", context).ok).toBe(true);
    expect(checkNewPassword("🦊🐢🐙🦉🐝🦋🐞🦀🐠🦓🦒🦔🐿🦜🦚", context).ok).toBe(true);
  });

  it("accepts 64 characters and rejects 129 without truncating (S2)", () => {
    expect(checkNewPassword("lantern orchard ".repeat(4), context).ok).toBe(true);
    expect(checkNewPassword("x".repeat(129), context)).toMatchObject({ ok: false, code: "too_long", maximum: 128 });
  });

  it("imposes no composition rules (S3)", () => {
    expect(checkNewPassword("correct horse battery staple", context).ok).toBe(true);
  });

  it("normalises with NFKC, so precomposed and decomposed Å are one password (S3)", () => {
    expect(normalizePassword("\u00C5ngstrom lantern")).toBe(normalizePassword("A\u030Angstrom lantern"));
  });

  it.each([
    ["a common password", "passwordpassword"],
    ["the company and portal names", "AlliantPowerPortal2025!"],
    ["a repeated username", "jsmithjsmithjsmith"],
    ["the email's local part", "john.smith.2026!!"],
    ["a keyboard walk", "qwertyuiopasdfgh"],
  ])("rejects %s with a reason (S4)", (_label, password) => {
    const verdict = checkNewPassword(password, context);
    expect(verdict.ok).toBe(false);
    expect(["context_words", "too_easy"]).toContain(!verdict.ok && verdict.code);
  });

  it("rejects a common Spanish password too, whatever the page's language (S4)", () => {
    expect(checkNewPassword("contraseñacontraseña", context)).toMatchObject({ ok: false, code: "too_easy" });
  });

  it("gives the reason in the customer's language, from zxcvbn's own translations (S4)", () => {
    const verdict = checkNewPassword("passwordpassword", context);
    if (verdict.ok || verdict.code !== "too_easy" || !verdict.warning) throw new Error("expected a warning");
    expect(passwordWarningText(verdict.warning, "en")).toMatch(/common|guess|password/i);
    expect(passwordWarningText(verdict.warning, "es")).not.toBe(passwordWarningText(verdict.warning, "en"));
  });
});
