import compile from "icu-minify/compile";
import type { CompiledMessages } from "@/lib/i18n/client-translations";
import type { Messages } from "@/lib/i18n/locales";

/**
 * What each part of the portal sends to the browser of its catalog: the messages its client
 * components translate (form labels, the password field), and nothing else. Pages and mails are
 * translated on the server. Issue 25: the whole client catalog went with every page (~20 kB of
 * flight data in each HTML answer); now the shell sends what every page's client components use,
 * and a route folder's layout (components/client-messages.tsx) sends its own forms' messages.
 *
 * An entry is a namespace ("signIn"), a part of one ("twoStep.passkey") or one message
 * ("twoStep.codeLabel"). tests/unit/client-messages.test.ts checks that every message a client
 * component under a route asks for is in that route's list, in every language.
 */
const FIELDS = "fields";

export const CLIENT_MESSAGES = {
  /** The root layout: the submit button, form messages and password field on every page, and the error page. */
  shell: [FIELDS, "errorPage"],
  signIn: [FIELDS, "signIn", "twoStep.passkey"],
  signInSecondStep: [FIELDS, "twoStep.rememberBrowser", "twoStep.verify"],
  forgotPassword: [FIELDS, "forgotPassword"],
  resetPassword: [FIELDS, "resetPassword"],
  registration: [FIELDS, "registration"],
  contact: [FIELDS, "contact"],
  cases: [FIELDS, "cases"],
  account: [FIELDS, "account", "twoStep.account.passkeys"],
  accountTwoStep: [FIELDS, "twoStep.codeLabel", "twoStep.codeHint", "twoStep.setUpApp.confirm", "twoStep.setUpEmail.confirm", "twoStep.recoveryCodes"],
} as const satisfies Record<string, readonly string[]>;

export type ClientMessagesOf = keyof typeof CLIENT_MESSAGES;

/** The part of a catalog a list of entries names, in the catalog's own shape; entries a catalog lacks are left out. */
export function pickClientMessages(messages: Messages, entries: readonly string[]): Messages {
  const picked: Messages = {};
  for (const entry of entries) {
    const path = entry.split(".");
    let value: unknown = messages;
    for (const key of path) value = value !== null && typeof value === "object" ? (value as Messages)[key] : undefined;
    if (value === undefined) continue;
    let target = picked;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Messages;
    target[path[path.length - 1]] = value;
  }
  return picked;
}

/**
 * The picked messages as the browser's translator takes them (lib/i18n/client-translations.tsx):
 * each ICU message parsed here, on the server, so the browser needs no ICU parser (issue 25).
 */
export function compileClientMessages(messages: Messages): CompiledMessages {
  const compiled: CompiledMessages = {};
  for (const [key, value] of Object.entries(messages)) {
    // Note: icu-minify gives a plural's or select's branches in null-prototype objects, which React
    // refuses to pass to a client component; the JSON round trip makes them plain.
    if (typeof value === "string") compiled[key] = JSON.parse(JSON.stringify(compile(value))) as CompiledMessages[string];
    else if (value !== null && typeof value === "object") compiled[key] = compileClientMessages(value as Messages);
  }
  return compiled;
}
