import { messagesFor, type Locale } from "@/lib/i18n/locales";

// Configurations made by drizzle/0009_kb_search_setup.sql: the language's stemming with accents
// ignored (unaccent), so "contrasena" finds "contraseña".
const UNACCENTED = new Set(["english", "spanish"]);

/** PostgreSQL's text-search configuration for a language ("simple" when it has none). */
export function textSearchConfiguration(locale: Locale): string {
  const named = (messagesFor(locale).language as { textSearch?: unknown } | undefined)?.textSearch;
  if (typeof named !== "string" || !/^[a-z_]+$/.test(named)) return "simple";
  return UNACCENTED.has(named) ? `portal_${named}` : named;
}
