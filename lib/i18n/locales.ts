import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";

/**
 * The portal's languages: one folder each under locales/ holding messages.json. Adding a folder
 * adds a language — the switcher, Accept-Language negotiation and the catalog check pick it up.
 * English is the default and the language every other catalog is checked against.
 */
export const DEFAULT_LOCALE = "en";
export type Locale = string;
export type Messages = Record<string, unknown>;

const LOCALES_DIRECTORY = path.join(process.cwd(), "locales");
const LOCALE_NAME = /^[a-z]{2,3}(-[A-Z]{2})?$/;

let discovered: Locale[] | undefined;

export function availableLocales(): Locale[] {
  // Note: locales/ is traced into the build by next.config's outputFileTracingIncludes.
  discovered ??= readdirSync(/*turbopackIgnore: true*/ LOCALES_DIRECTORY, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && LOCALE_NAME.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => (a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : a.localeCompare(b)));
  return discovered;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && availableLocales().includes(value);
}

const catalogs = new Map<Locale, Messages>();

/** A language's whole catalog (read once per process). */
export function messagesFor(locale: Locale): Messages {
  const safe = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let messages = catalogs.get(safe);
  if (!messages) {
    messages = JSON.parse(readFileSync(/*turbopackIgnore: true*/ path.join(LOCALES_DIRECTORY, safe, "messages.json"), "utf8")) as Messages;
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
