import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkNewPassword, checkPasswordLanguages, normalizePassword, passwordWarningText } from "@/lib/auth/password-policy";
import { reloadConfig } from "@/lib/config";

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

describe("a language's password words come from its folder (issue 24)", () => {
  let directory = "";
  const warningOf = (password: string) => {
    const verdict = checkNewPassword(password, context);
    if (verdict.ok || verdict.code !== "too_easy" || !verdict.warning) throw new Error("expected a warning");
    return verdict.warning;
  };

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), "portal-locales-"));
    const folder = (name: string, password?: object) => {
      mkdirSync(path.join(directory, name));
      if (password) writeFileSync(path.join(directory, name, "password.json"), JSON.stringify(password));
    };
    folder("xx");
    folder("yy", { zxcvbnLanguage: "@zxcvbn-ts/language-es-es" });
    process.env.EXTRA_LOCALES_DIR = directory;
    reloadConfig();
  });

  afterAll(() => {
    delete process.env.EXTRA_LOCALES_DIR;
    reloadConfig();
    rmSync(directory, { recursive: true, force: true });
  });

  it("a folder naming a zxcvbn language gets its warnings in that language", () => {
    const warning = warningOf("passwordpassword");
    expect(passwordWarningText(warning, "yy")).toBe(passwordWarningText(warning, "es"));
    expect(passwordWarningText(warning, "yy")).not.toBe(passwordWarningText(warning, "en"));
  });

  it("a folder naming none still has passwords checked, with English warnings as the fallback", () => {
    expect(checkNewPassword("contraseñacontraseña", context)).toMatchObject({ ok: false, code: "too_easy" });
    const warning = warningOf("passwordpassword");
    expect(passwordWarningText(warning, "xx")).toBe(passwordWarningText(warning, "en"));
  });

  it.each([
    ["is not valid JSON", "{ zxcvbnLanguage: ", /zz\/password\.json is not valid JSON/],
    ["is not an object", "[]", /zz\/password\.json must be an object such as \{ "zxcvbnLanguage"/],
    ["names a language that is not a string", JSON.stringify({ zxcvbnLanguage: 7 }), /zz\/password\.json names 7: zxcvbnLanguage must name a @zxcvbn-ts\/language-… package/],
    ["names a zxcvbn language that is not installed", JSON.stringify({ zxcvbnLanguage: "@zxcvbn-ts/language-xx" }), /zz\/password\.json names @zxcvbn-ts\/language-xx, which is not installed/],
  ])("a password.json that %s stops the start with a configuration error naming the file", (_label, text, message) => {
    mkdirSync(path.join(directory, "zz"));
    writeFileSync(path.join(directory, "zz", "password.json"), text);
    process.env.EXTRA_LOCALES_DIR = `${directory}/`;
    reloadConfig();
    try {
      expect(checkPasswordLanguages).toThrow(message);
      expect(checkPasswordLanguages).toThrow(expect.objectContaining({ name: "ConfigurationError", message: expect.stringMatching(/^Configuration: /) }));
    } finally {
      rmSync(path.join(directory, "zz"), { recursive: true, force: true });
      process.env.EXTRA_LOCALES_DIR = directory;
      reloadConfig();
    }
    expect(checkPasswordLanguages).not.toThrow();
  });

  it("refuses a folder that names any other module", () => {
    mkdirSync(path.join(directory, "zz"));
    writeFileSync(path.join(directory, "zz", "password.json"), JSON.stringify({ zxcvbnLanguage: "node:child_process" }));
    // Note: the folders are looked at again when the setting changes, as after a restart.
    process.env.EXTRA_LOCALES_DIR = `${directory}/`;
    reloadConfig();
    try {
      expect(() => checkNewPassword("a long enough passphrase of words", context)).toThrow(/zz\/password.json/);
    } finally {
      rmSync(path.join(directory, "zz"), { recursive: true, force: true });
      process.env.EXTRA_LOCALES_DIR = directory;
      reloadConfig();
    }
  });
});
