jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as account from "@/app/account/actions";
import * as accountEmail from "@/app/account/email/actions";
import * as accountTwoStep from "@/app/account/two-step/actions";
import * as confirmEmail from "@/app/confirm-email/actions";
import * as contact from "@/app/contact/actions";
import * as emailChangeConfirm from "@/app/email-change/confirm/actions";
import * as emailChangeNotMe from "@/app/email-change/not-me/actions";
import * as forgotPassword from "@/app/forgot-password/actions";
import * as knowledgeBaseVote from "@/app/knowledge-base/[slug]/actions";
import * as language from "@/app/language/actions";
import * as notMe from "@/app/not-me/actions";
import * as register from "@/app/register/actions";
import * as registerConfirm from "@/app/register/confirm/actions";
import * as registerInvitation from "@/app/register/invitation/actions";
import * as resetPassword from "@/app/reset-password/actions";
import * as resetPasswordDone from "@/app/reset-password/done/actions";
import * as signIn from "@/app/signin/actions";
import * as signInConfirmEmail from "@/app/signin/confirm-email/actions";
import * as signInPasskey from "@/app/signin/passkey/actions";
import * as signInTwoStep from "@/app/signin/two-step/actions";
import * as staffCase from "@/app/staff/cases/[id]/actions";
import * as staffContact from "@/app/staff/contact/[id]/actions";
import * as staffCustomer from "@/app/staff/customers/[id]/actions";
import * as staffHealth from "@/app/staff/health/actions";
import * as staffKnowledgeBase from "@/app/staff/knowledge-base/actions";
import * as supportCase from "@/app/support/cases/[id]/actions";
import * as supportNewCase from "@/app/support/cases/new/actions";
import { setCustomerRole } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { contactMessages } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { idleForm, type FormState } from "@/lib/http/form";
import { availableLocales, messagesFor } from "@/lib/i18n/locales";
import { createInvitation, invitationCookieName } from "@/lib/registration/invitations";
import { createCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { request } from "../support/request-mocks";
import { actAs, answerOf } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 23 item 6: a NUL, CRLF or repeated username or password on Sign in answered with the
 * literal text "fields.problems.undefined" under the other field. Here every server action of the
 * portal (every export of app/**\/actions.ts) gets each of its fields hostile in turn — the
 * others ordinary — as the right person, in every language, and every message it shows must be a
 * sentence of that language's catalog: no key, no "undefined", never a 500.
 */
withTestDatabase();
withSmtpReceiver();

type Who = "visitor" | "customer" | "case owner" | "admin";
const modules: Record<string, { module: Record<string, unknown>; who: Who }> = {
  "app/account/actions.ts": { module: account, who: "customer" },
  "app/account/email/actions.ts": { module: accountEmail, who: "customer" },
  "app/account/two-step/actions.ts": { module: accountTwoStep, who: "customer" },
  "app/confirm-email/actions.ts": { module: confirmEmail, who: "visitor" },
  "app/contact/actions.ts": { module: contact, who: "visitor" },
  "app/email-change/confirm/actions.ts": { module: emailChangeConfirm, who: "customer" },
  "app/email-change/not-me/actions.ts": { module: emailChangeNotMe, who: "visitor" },
  "app/forgot-password/actions.ts": { module: forgotPassword, who: "visitor" },
  "app/knowledge-base/[slug]/actions.ts": { module: knowledgeBaseVote, who: "visitor" },
  "app/language/actions.ts": { module: language, who: "visitor" },
  "app/not-me/actions.ts": { module: notMe, who: "visitor" },
  "app/register/actions.ts": { module: register, who: "visitor" },
  "app/register/confirm/actions.ts": { module: registerConfirm, who: "visitor" },
  "app/register/invitation/actions.ts": { module: registerInvitation, who: "visitor" },
  "app/reset-password/actions.ts": { module: resetPassword, who: "visitor" },
  "app/reset-password/done/actions.ts": { module: resetPasswordDone, who: "visitor" },
  "app/signin/actions.ts": { module: signIn, who: "visitor" },
  "app/signin/confirm-email/actions.ts": { module: signInConfirmEmail, who: "visitor" },
  "app/signin/passkey/actions.ts": { module: signInPasskey, who: "visitor" },
  "app/signin/two-step/actions.ts": { module: signInTwoStep, who: "visitor" },
  "app/staff/cases/[id]/actions.ts": { module: staffCase, who: "admin" },
  "app/staff/contact/[id]/actions.ts": { module: staffContact, who: "admin" },
  "app/staff/customers/[id]/actions.ts": { module: staffCustomer, who: "admin" },
  "app/staff/health/actions.ts": { module: staffHealth, who: "admin" },
  "app/staff/knowledge-base/actions.ts": { module: staffKnowledgeBase, who: "admin" },
  "app/support/cases/[id]/actions.ts": { module: supportCase, who: "case owner" },
  "app/support/cases/new/actions.ts": { module: supportNewCase, who: "customer" },
};

function actionFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    return entry.name === "actions.ts" ? [full] : [];
  });
}

function fieldNamesIn(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/(\w+): \{ maxLength/g)) names.add(match[1]);
  for (const match of source.matchAll(/read(?:Field|FieldOrNull|Message)\(formData, "(\w+)"/g)) names.add(match[1]);
  return [...names];
}

/**
 * The fields each action of a file reads through the input gate, from the source: what its own
 * export reads, and what the file's helpers (outside any export) read for every action.
 */
function fieldsByAction(file: string): Map<string, string[]> {
  const source = readFileSync(file, "utf8");
  const exports = [...source.matchAll(/^export const (\w+)/gm)];
  const helpers = exports.reduce((rest, match, i) => rest.replace(source.slice(match.index, exports[i + 1]?.index ?? source.length), ""), source);
  return new Map(exports.map((match, i) => [match[1], [...new Set([...fieldNamesIn(source.slice(match.index, exports[i + 1]?.index ?? source.length)), ...fieldNamesIn(helpers)])]]));
}

/** Every text of a catalog, as a pattern: each {argument} (plural and select included) matches any text. */
function sentencesOf(locale: string): RegExp[] {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") texts.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(messagesFor(locale));
  return texts.map((text) => {
    let pattern = "";
    let depth = 0;
    for (const character of text.replace(/''/g, "'")) {
      if (character === "{") {
        if (depth === 0) pattern += "[\\s\\S]*";
        depth += 1;
      } else if (character === "}") depth = Math.max(0, depth - 1);
      else if (depth === 0) pattern += character.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    }
    return new RegExp(`^${pattern}$`);
  });
}

const hostile: Array<[string, (name: string, form: FormData) => void]> = [
  ["NUL", (name, form) => form.set(name, "one\u0000two")],
  ["CRLF", (name, form) => form.set(name, "one\r\ntwo")],
  [
    "repeated",
    (name, form) => {
      form.delete(name);
      form.append(name, "one");
      form.append(name, "two");
    },
  ],
];

let ordinary: Record<string, string> = {};
/** Cookies a file's actions need to reach their fields (a mailed link's), set after who is asking. */
let linkCookies: Record<string, Record<string, string>> = {};
let caseOwner: Awaited<ReturnType<typeof makeCustomer>>;
let admin: Awaited<ReturnType<typeof makeCustomer>>;

beforeAll(async () => {
  caseOwner = await makeCustomer();
  const supportCaseRow = await createCase(caseOwner, { subject: "A case to post to", category: "question", description: "Something." }, "en");
  expect(await sendContactMessage({ name: "Writer", email: "writer@example.test", message: "A message." }, freshMeta(), null)).toBe(true);
  const [message] = await (await db()).select({ id: contactMessages.id }).from(contactMessages).limit(1);
  admin = await makeCustomer();
  await setCustomerRole(admin.id, "admin");
  const { code } = await createInvitation({ email: "invited.hostile@example.test", expiresInDays: 14, maxUses: 1000, mail: false });
  linkCookies = { "app/register/invitation/actions.ts": { [invitationCookieName()]: code } };
  ordinary = {
    case: String(supportCaseRow.id),
    message: String(message.id),
    customer: (await makeCustomer()).id,
    email: "someone@example.test",
    newEmail: "someone.new@example.test",
    username: "someone",
    code: "123456",
    method: "email_code",
    category: "question",
    status: "open",
    role: "agent",
    locale: "es",
    text: "An ordinary message.",
    description: "An ordinary description.",
    subject: "An ordinary subject",
  };
});

/** Who posts an action's form: a customer of their own (an action may sign them out, or change them). */
async function personFor(who: Who) {
  if (who === "visitor") return null;
  if (who === "admin") return admin;
  if (who === "case owner") return caseOwner;
  return makeCustomer();
}

describe(`every form's messages for NUL, CRLF and repeated fields, on ${testDatabaseLabel()} (issue 23 item 6)`, () => {
  it("covers every actions file of app/", () => {
    expect(actionFiles("app").sort()).toEqual(Object.keys(modules).sort());
  });

  it.each(availableLocales())("shows only sentences of the %s catalog, never a key or \"undefined\", and never fails", async (locale) => {
    const sentences = sentencesOf(locale);
    const shown: Array<{ where: string; text: string }> = [];
    request.locale = locale;
    try {
      for (const [file, { module, who }] of Object.entries(modules)) {
        for (const [name, fields] of fieldsByAction(file)) {
          const action = module[name];
          if (typeof action !== "function") continue;
          const person = await personFor(who);
          await clearLimits();
          for (const field of fields) {
            for (const [kind, spoil] of hostile) {
              await actAs(person && (await reloadCustomer(person.id)));
              for (const [cookie, value] of Object.entries(linkCookies[file] ?? {})) request.cookies.set(cookie, value);
              const form = new FormData();
              for (const other of fields) form.set(other, ordinary[other] ?? "ordinary words here");
              spoil(field, form);
              const where = `${file} ${name} ${field} ${kind}`;
              let state: FormState | undefined;
              const call = action.length >= 2 ? (action as (p: FormState, f: FormData) => Promise<FormState>)(idleForm, form) : (action as (f: FormData) => Promise<unknown>)(form);
              const answer = await answerOf(call.then((result) => void (state = result as FormState)));
              if (answer !== "returned" || !state) continue;
              for (const text of [state.message, ...Object.values(state.fieldErrors ?? {})]) if (text !== undefined) shown.push({ where, text });
            }
          }
        }
      }
    } finally {
      request.locale = "en";
    }
    expect(shown.length).toBeGreaterThan(100);
    const strays = shown.filter(({ text }) => typeof text !== "string" || text.includes("undefined") || /^[\w-]+(\.[\w-]+)+$/.test(text) || !sentences.some((sentence) => sentence.test(text)));
    expect(strays).toEqual([]);
  }, 600_000);
});
