import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as commonLanguage from "@zxcvbn-ts/language-common";
import * as englishLanguage from "@zxcvbn-ts/language-en";
import { config } from "@/lib/config";

/**
 * The one password policy (S1–S4, S21): every place a password is set calls checkNewPassword.
 * Length counts Unicode code points after NFKC; no composition rules; a blocklist of common
 * passwords and of the customer's own context words, checked offline.
 */

export const MAX_PASSWORD_LENGTH = 128;

export type PasswordContext = { username?: string | null; email?: string | null };
export type PasswordVerdict =
  | { ok: true; password: string }
  | { ok: false; code: "password_too_short" | "password_too_long" | "password_blocklisted"; message: string };

let estimator: ZxcvbnFactory | undefined;

function strengthEstimator() {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonLanguage.dictionary, ...englishLanguage.dictionary },
    graphs: commonLanguage.adjacencyGraphs,
    translations: englishLanguage.translations,
  });
  return estimator;
}

/** NFKC, so precomposed and decomposed characters are the same password (S3). */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

export function passwordLength(password: string): number {
  return [...password].length;
}

function contextWords(context: PasswordContext): string[] {
  const { companyName, portalName } = config().branding;
  const words = [context.username, context.email?.split("@")[0], companyName, portalName]
    .flatMap((value) => (value ? [value, ...value.split(/[^\p{L}\p{N}]+/u)] : []))
    .map((word) => word.toLowerCase())
    .filter((word) => word.length >= 3);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/** True when the password holds context words and little else but digits and punctuation. */
function isMadeOfContextWords(password: string, words: string[]): boolean {
  const lower = password.toLowerCase();
  if (!words.some((word) => lower.includes(word))) return false;
  let rest = lower;
  for (const word of words) rest = rest.split(word).join("");
  return [...rest.replace(/[\p{N}\p{P}\p{Z}\p{S}]/gu, "")].length < 4;
}

export function passwordRequirements(): string {
  return `Use at least ${config().passwordMinLength} characters. A few unrelated words make a strong password that is easy to remember.`;
}

export function checkNewPassword(raw: string, context: PasswordContext = {}): PasswordVerdict {
  const password = normalizePassword(raw);
  const length = passwordLength(password);
  const minimum = config().passwordMinLength;
  if (length < minimum) {
    return { ok: false, code: "password_too_short", message: `Use at least ${minimum} characters (this one has ${length}).` };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return { ok: false, code: "password_too_long", message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  }
  const words = contextWords(context);
  if (isMadeOfContextWords(password, words)) {
    return {
      ok: false,
      code: "password_blocklisted",
      message: "Don't build your password from your username, your email address or the portal's name.",
    };
  }
  const result = strengthEstimator().check(password, words);
  if (result.score < 3) {
    const reason = result.feedback.warning ?? "This password is too easy to guess.";
    return { ok: false, code: "password_blocklisted", message: `${reason} Add another word or two; uncommon words are better.` };
  }
  return { ok: true, password };
}
