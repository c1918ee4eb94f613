import { getLocale, getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { CLIENT_MESSAGES, compileClientMessages, pickClientMessages, type ClientMessagesOf } from "@/lib/i18n/client-namespaces";
import { ClientTranslationsProvider, type CompiledMessages } from "@/lib/i18n/client-translations";
import type { Messages } from "@/lib/i18n/locales";

// Each catalog is read once per process (lib/i18n/locales.ts), so its picked and compiled parts are kept with it.
const compiledParts = new WeakMap<Messages, Map<ClientMessagesOf, CompiledMessages>>();

function compiledPart(messages: Messages, of: ClientMessagesOf): CompiledMessages {
  let parts = compiledParts.get(messages);
  if (!parts) compiledParts.set(messages, (parts = new Map()));
  let part = parts.get(of);
  if (!part) parts.set(of, (part = compileClientMessages(pickClientMessages(messages, CLIENT_MESSAGES[of]))));
  return part;
}

/**
 * Sends the browser the messages one part of the portal's client components use (issue 25: each
 * route gets its own, not the whole client catalog), compiled on the server so the browser carries
 * no ICU parser (lib/i18n/client-translations.tsx). It replaces the shell's messages below it, so
 * each list in lib/i18n/client-namespaces.ts includes the shell's form words. Client messages hold
 * no dates, so no time zone is sent.
 */
export async function ClientMessages({ of, children }: { of: ClientMessagesOf; children: ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <ClientTranslationsProvider locale={locale} messages={compiledPart(messages, of)}>
      {children}
    </ClientTranslationsProvider>
  );
}
