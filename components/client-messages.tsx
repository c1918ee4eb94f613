import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { CLIENT_MESSAGES, pickClientMessages, type ClientMessagesOf } from "@/lib/i18n/client-namespaces";

/**
 * Sends the browser the messages one part of the portal's client components use (issue 25: each
 * route gets its own, not the whole client catalog). It replaces the shell's messages below it, so
 * each list in lib/i18n/client-namespaces.ts includes the shell's form words.
 */
export async function ClientMessages({ of, children }: { of: ClientMessagesOf; children: ReactNode }) {
  // Note: messages are always given. Left out, next-intl would send the whole catalog.
  return <NextIntlClientProvider messages={pickClientMessages(await getMessages(), CLIENT_MESSAGES[of])}>{children}</NextIntlClientProvider>;
}
