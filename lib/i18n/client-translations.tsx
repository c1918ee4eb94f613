"use client";

import format, { type CompiledMessage, type FormatValues } from "icu-minify/format";
import { cloneElement, createContext, isValidElement, useContext, useMemo, type ReactElement, type ReactNode } from "react";

/**
 * How the portal's client components translate (issue 25: page weight). The server sends each
 * route's client messages already compiled (lib/i18n/client-namespaces.ts, compileClientMessages),
 * so the browser needs only icu-minify's formatter (under 1 kB gzipped) instead of next-intl's
 * client, which parses ICU messages in the browser and weighed ~12 kB gzipped on every page.
 * Server components and mail still translate with next-intl.
 */
export type CompiledMessages = { [key: string]: CompiledMessage | CompiledMessages };

type ClientTranslations = { locale: string; timeZone?: string; messages: CompiledMessages };

const ClientTranslationsContext = createContext<ClientTranslations | null>(null);

/** Rendered by components/client-messages.tsx, which picks and compiles the messages. */
export function ClientTranslationsProvider({ locale, timeZone, messages, children }: ClientTranslations & { children: ReactNode }) {
  const value = useMemo(() => ({ locale, timeZone, messages }), [locale, timeZone, messages]);
  return <ClientTranslationsContext.Provider value={value}>{children}</ClientTranslationsContext.Provider>;
}

const formatters = {
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
};

type Values = Record<string, string | number | Date>;
type RichValues = Record<string, string | number | Date | ((chunks: ReactNode[]) => ReactNode)>;

export type Translate = ((key: string, values?: Values) => string) & { rich: (key: string, values: RichValues) => ReactNode };

function messageAt(messages: CompiledMessages, path: string): CompiledMessage | undefined {
  let value: CompiledMessage | CompiledMessages | undefined = messages;
  for (const key of path.split(".")) {
    value = value !== undefined && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
  }
  return typeof value === "string" || Array.isArray(value) ? value : undefined;
}

/** The translator useTranslations gives; exported for tests/unit/client-messages.test.ts. */
export function clientTranslator({ locale, timeZone, messages }: ClientTranslations, namespace?: string): Translate {
  const run = (key: string, values: FormatValues<ReactNode> | undefined) => {
    const path = namespace ? `${namespace}.${key}` : key;
    const message = messageAt(messages, path);
    // As next-intl does: the message's path stands in for a missing message (the unit test
    // tests/unit/client-messages.test.ts keeps every route's list complete in every language).
    if (message === undefined) return path;
    return format<ReactNode>(message, locale, values, { formatters, timeZone });
  };
  const translate = (key: string, values?: Values) => {
    const result = run(key, values);
    return Array.isArray(result) ? result.join("") : String(result);
  };
  translate.rich = (key: string, values: RichValues): ReactNode => {
    // Note: each element a tag returns gets a key, as React wants for the parts of a list.
    let index = 0;
    const keyed: FormatValues<ReactNode> = {};
    for (const [name, value] of Object.entries(values)) {
      keyed[name] =
        typeof value === "function"
          ? (chunks: ReactNode[]) => {
              const element = value(chunks);
              return isValidElement(element) ? cloneElement(element as ReactElement, { key: `${name}-${index++}` }) : element;
            }
          : value;
    }
    return run(key, keyed) as ReactNode;
  };
  return translate;
}

/** A translator for one namespace of the messages the nearest ClientMessages sent, like next-intl's hook of the same name. */
export function useTranslations(namespace?: string): Translate {
  const context = useContext(ClientTranslationsContext);
  if (!context) throw new Error("useTranslations needs a ClientMessages (components/client-messages.tsx) above it.");
  return useMemo(() => clientTranslator(context, namespace), [context, namespace]);
}
