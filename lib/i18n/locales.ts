import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { config } from "@/lib/config";

/**
 * The portal's languages: one folder each under locales/ holding messages.json (and, for the
 * password policy, password.json). Adding a folder adds a language — the switcher, Accept-Language
 * negotiation, mail, the email preview and the catalog check pick it up. EXTRA_LOCALES_DIR may hold
 * more folders, read at run time (the pseudo-language test uses it). English is the default and the
 * language every other catalog is checked against.
 */
export const DEFAULT_LOCALE = "en";
export type Locale = string;
export type Messages = Record<string, unknown>;

const LOCALES_DIRECTORY = path.join(process.cwd(), "locales");
const LOCALE_NAME = /^[a-z]{2,3}(-[A-Z]{2})?$/;

let discovered: { extra: string | null; folders: Map<Locale, string> } | undefined;

/** Each language's folder: locales/ first, then EXTRA_LOCALES_DIR (a name in both is locales/'s). */
function localeFolders(): Map<Locale, string> {
  const extra = config().extraLocalesDirectory;
  if (discovered?.extra === extra) return discovered.folders;
  const folders = new Map<Locale, string>();
  for (const directory of extra ? [LOCALES_DIRECTORY, path.resolve(extra)] : [LOCALES_DIRECTORY]) {
    // Note: locales/ is traced into the build by next.config's outputFileTracingIncludes.
    for (const entry of readdirSync(/*turbopackIgnore: true*/ directory, { withFileTypes: true })) {
      if (entry.isDirectory() && LOCALE_NAME.test(entry.name) && !folders.has(entry.name)) folders.set(entry.name, path.join(directory, entry.name));
    }
  }
  discovered = { extra, folders };
  catalogs.clear();
  return folders;
}

export function availableLocales(): Locale[] {
  return [...localeFolders().keys()].sort((a, b) => (a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : a.localeCompare(b)));
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && localeFolders().has(value);
}

/** The folder a language's files are in (its catalog, its password words); the default's for any other value. */
export function localeFolder(locale: Locale): string {
  const folders = localeFolders();
  return folders.get(locale) ?? folders.get(DEFAULT_LOCALE)!;
}

/** A file of a language's folder as JSON, or null when the folder has none. */
export function localeFile<Content>(locale: Locale, name: string): Content | null {
  const file = path.join(localeFolder(locale), name);
  if (!existsSync(/*turbopackIgnore: true*/ file)) return null;
  return JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as Content;
}

const catalogs = new Map<Locale, Messages>();

/** A language's whole catalog (read once per process). */
export function messagesFor(locale: Locale): Messages {
  const safe = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let messages = catalogs.get(safe);
  if (!messages) {
    messages = localeFile<Messages>(safe, "messages.json") ?? {};
    catalogs.set(safe, messages);
  }
  return messages;
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** A translator outside a request (mail, background jobs, the CLI). */
export function translatorFor(locale: Locale, namespace?: string): Translate {
  const safe = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const translate = createTranslator({ locale: safe, messages: messagesFor(safe) as never, namespace: namespace as never, timeZone: "UTC" });
  return (key, values) => (translate as unknown as Translate)(key, values);
}

/** The messages a subset of namespaces needs (what client components get). */
export function pickMessages(messages: Messages, namespaces: readonly string[]): Messages {
  return Object.fromEntries(namespaces.filter((name) => name in messages).map((name) => [name, messages[name]]));
}
