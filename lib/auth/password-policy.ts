import { createRequire } from "node:module";
import path from "node:path";
import { ZxcvbnFactory, type TranslationKeys } from "@zxcvbn-ts/core";
import * as commonLanguage from "@zxcvbn-ts/language-common";
import { config, ConfigurationError } from "@/lib/config";
import { availableLocales, DEFAULT_LOCALE, localeFile, localeFolder, type Locale } from "@/lib/i18n/locales";
import { portalNameIn } from "@/lib/i18n/portal-name";

/**
 * The one password policy (S1–S4, S21): every place a password is set calls checkNewPassword.
 * Length counts Unicode code points after NFKC; no composition rules; a blocklist of common
 * passwords (every language's dictionaries, whatever the page's language) and of the
 * customer's own context words, checked offline. The verdict is a code with its values; the
 * screen words it in the customer's language (zxcvbn's warnings too, by their keys).
 */

export const MAX_PASSWORD_LENGTH = 128;

export type PasswordContext = { username?: string | null; email?: string | null };
export type PasswordRefusal =
  | { code: "too_short"; minimum: number; length: number }
  | { code: "too_long"; maximum: number }
  | { code: "context_words" }
  /** `warning` is zxcvbn's warning key (e.g. "commonNames"), or null when it gave none. */
  | { code: "too_easy"; warning: string | null };
export type PasswordVerdict = { ok: true; password: string } | ({ ok: false } & PasswordRefusal);

type Translations = TranslationKeys;
type ZxcvbnLanguage = { dictionary: Record<string, unknown>; translations: Translations };

/**
 * A language's dictionaries and warning texts come from its folder: locales/<language>/password.json
 * names a zxcvbn language package ({ "zxcvbnLanguage": "@zxcvbn-ts/language-es-es" }). A folder that
 * names none gets English's, so a new language still has its passwords checked, with warnings in
 * English until its folder names one. Only zxcvbn's language packages may be named: a folder read
 * from EXTRA_LOCALES_DIR must not make the portal load any other module.
 */
const ZXCVBN_LANGUAGE = /^@zxcvbn-ts\/language-[a-z]+(-[a-z]+)?$/;
// Note: loaded by name at run time, past the bundler (next.config traces the packages into a
// standalone build); a static import would fix the list of languages in this file.
const loadPackage = createRequire(path.join(process.cwd(), "package.json"));
const languages = new Map<string, ZxcvbnLanguage | null>();

function zxcvbnLanguageOf(locale: Locale): ZxcvbnLanguage | null {
  const file = path.join(localeFolder(locale), "password.json");
  let content: unknown;
  try {
    content = localeFile<unknown>(locale, "password.json");
  } catch (error) {
    throw new ConfigurationError(file, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const shape = `must be an object such as { "zxcvbnLanguage": "@zxcvbn-ts/language-es-es" }`;
  if (content !== null && (typeof content !== "object" || Array.isArray(content))) throw new ConfigurationError(file, shape);
  const named = (content as { zxcvbnLanguage?: unknown } | null)?.zxcvbnLanguage;
  if (named === undefined) return locale === DEFAULT_LOCALE ? null : zxcvbnLanguageOf(DEFAULT_LOCALE);
  if (typeof named !== "string" || !ZXCVBN_LANGUAGE.test(named)) throw new ConfigurationError(file, `names ${JSON.stringify(named)}: zxcvbnLanguage must name a @zxcvbn-ts/language-… package`);
  if (!languages.has(named)) {
    let pack: ZxcvbnLanguage;
    try {
      pack = loadPackage(/*turbopackIgnore: true*/ named) as ZxcvbnLanguage;
    } catch {
      throw new ConfigurationError(file, `names ${named}, which is not installed (npm install it, or name another)`);
    }
    if (!pack?.dictionary || !pack.translations) throw new ConfigurationError(file, `names ${named}, which is not a zxcvbn language package`);
    languages.set(named, pack);
  }
  return languages.get(named)!;
}

/**
 * Checked at start-up (lib/server/start.ts): every language's password.json, so a bad one stops
 * the start with a message naming the file, instead of failing the first password set or typed.
 */
export function checkPasswordLanguages() {
  for (const locale of availableLocales()) zxcvbnLanguageOf(locale);
}

/** zxcvbn's translations with every text replaced by its own key, so the check returns keys. */
function keysOnly(translations: Translations): Translations {
  const walk = (node: unknown, path: string): unknown =>
    typeof node === "string" ? path : Object.fromEntries(Object.entries(node as object).map(([key, value]) => [key, walk(value, path ? `${path}.${key}` : key)]));
  return walk(translations, "") as Translations;
}

let estimator: { locales: string; factory: ZxcvbnFactory } | undefined;

function strengthEstimator() {
  const locales = availableLocales();
  if (estimator?.locales !== locales.join()) {
    const packs = locales.map(zxcvbnLanguageOf).filter((pack): pack is ZxcvbnLanguage => pack !== null);
    // Any pack's structure gives the keys; the texts are chosen per reader in passwordWarningText.
    const structure = packs[0]?.translations;
    const factory = new ZxcvbnFactory({
      dictionary: Object.assign({ ...commonLanguage.dictionary }, ...packs.map((pack) => pack.dictionary)),
      graphs: commonLanguage.adjacencyGraphs,
      ...(structure ? { translations: keysOnly(structure) } : {}),
    });
    estimator = { locales: locales.join(), factory };
  }
  return estimator.factory;
}

/** zxcvbn's own words for a warning key, in the language its folder names (English otherwise). */
export function passwordWarningText(warning: string, locale: string): string | null {
  const texts = zxcvbnLanguageOf(availableLocales().includes(locale) ? locale : DEFAULT_LOCALE)?.translations;
  const found = warning.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], texts);
  return typeof found === "string" ? found : null;
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
  // The portal's name in every language a customer may see it in.
  const words = [context.username, context.email?.split("@")[0], companyName, portalName, ...availableLocales().map(portalNameIn)]
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

export function checkNewPassword(raw: string, context: PasswordContext = {}): PasswordVerdict {
  const password = normalizePassword(raw);
  const length = passwordLength(password);
  const minimum = config().passwordMinLength;
  if (length < minimum) return { ok: false, code: "too_short", minimum, length };
  if (length > MAX_PASSWORD_LENGTH) return { ok: false, code: "too_long", maximum: MAX_PASSWORD_LENGTH };
  const words = contextWords(context);
  if (isMadeOfContextWords(password, words)) return { ok: false, code: "context_words" };
  const result = strengthEstimator().check(password, words);
  if (result.score < 3) return { ok: false, code: "too_easy", warning: result.feedback.warning ?? null };
  return { ok: true, password };
}
