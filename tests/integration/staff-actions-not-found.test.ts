jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { randomUUID } from "node:crypto";
import { count, desc, eq } from "drizzle-orm";
import * as cannedActions from "@/app/staff/canned-replies/actions";
import * as caseActions from "@/app/staff/cases/[id]/actions";
import * as contactActions from "@/app/staff/contact/[id]/actions";
import * as customerActions from "@/app/staff/customers/[id]/actions";
import * as articleActions from "@/app/staff/knowledge-base/actions";
import { db } from "@/lib/db";
import { auditLog, cannedReplies, contactMessages, jobs, kbArticles, kbArticleVersions, outbox, supportCaseEvents, supportCases } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { createArticle } from "@/lib/knowledge-base/editing";
import type { StaffMember } from "@/lib/staff/access";
import { createCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { freshMeta, makeCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * A staff form for something that is gone — a case, a contact message, a customer, a canned reply,
 * an article — or whose hidden field names nothing, sends the browser to that thing's address,
 * whose page answers "Page not found" with 404 also without JavaScript (pageNotFoundAt;
 * tests/e2e/page-not-found.test.ts); nothing changes. A field that names nothing (junk, another
 * site's address: S36) goes to the thing's address with 0, which no row has. The role check still
 * comes first (S34): a customer gets the same 404 for a missing case as for one that exists.
 */
withTestDatabase();
afterEach(() => request.cookies.clear());
afterEach(clearLimits);

const idle = { status: "idle" as const };
const draft = { slug: "gone-soon", title: "Gone soon", category: "Account", summary: "Gone soon.", body: "Body." };

let agent: StaffMember;
let admin: StaffMember;
let caseId: number;
let messageId: number;
let cannedReplyId: number;
let articleId: number;
beforeAll(async () => {
  agent = await makeStaffMember("agent");
  admin = await makeStaffMember("admin");
  const owner = await makeCustomer();
  caseId = (await createCase(owner, { subject: "Meter reading looks wrong", category: "question", description: "The reading on my last bill is twice the usual one." }, "en")).id;
  await sendContactMessage({ name: "Owner", email: owner.email, message: "Please call me about my bill." }, freshMeta(), null);
  [{ id: messageId }] = await (await db()).select({ id: contactMessages.id }).from(contactMessages).orderBy(desc(contactMessages.id)).limit(1);
  [{ id: cannedReplyId }] = await (await db()).insert(cannedReplies).values({ locale: "en", title: "Meter readings", body: "Dear {name}, about case {case}…" }).returning({ id: cannedReplies.id });
  const article = await createArticle(admin, "en", { ...draft, slug: "kept-article" }, {}, staffActor(admin));
  if (!article.ok) throw new Error("the article was not created");
  articleId = article.articleId;
});

/** Everything these actions could change, as one value to compare before and after. */
async function fingerprint() {
  const database = await db();
  const tables = [auditLog, supportCases, supportCaseEvents, contactMessages, outbox, jobs, cannedReplies, kbArticles, kbArticleVersions];
  const counts = await Promise.all(tables.map(async (table) => (await database.select({ n: count() }).from(table))[0].n));
  const [message] = await database.select({ handledAt: contactMessages.handledAt, caseId: contactMessages.caseId }).from(contactMessages).where(eq(contactMessages.id, messageId));
  const [theCase] = await database.select({ status: supportCases.status, priority: supportCases.priority }).from(supportCases).where(eq(supportCases.id, caseId));
  return JSON.stringify({ counts, message, theCase });
}

// `adds`: the junk with which the form adds something new instead of naming nothing (a canned reply
// field that reads as empty — nothing, or over its 20 characters; an article field that is no
// number); `gone`: what the form answers for a thing that is gone, where that is its own notice.
type Post = { address: string; call: () => Promise<unknown>; adds?: (junk: string) => boolean; gone?: string };

/** Each staff form, posted by the role that may post it, for the thing named `id`; the address it should end at. */
function postsFor(ids: { case: string; message: string; customer: string; reply: string; article: string }, expected: (path: string) => string): Post[] {
  const work = { kind: "reply", text: "We are looking into it.", status: "waiting for you", priority: "high", agent: "", seen: "0", override: "1" };
  const cases = expected("/staff/cases");
  const contact = expected("/staff/contact");
  const customers = expected("/staff/customers");
  const canned = expected("/staff/canned-replies");
  const articles = expected("/staff/knowledge-base");
  const customerForm = (fields: Record<string, string> = {}) => form({ customer: ids.customer, ...fields });
  return [
    { address: cases, call: () => caseActions.staffWorkAction(idle, form({ case: ids.case, ...work })) },
    { address: contact, call: () => contactActions.contactReplyAction(idle, form({ message: ids.message, text: "We will call you today." })) },
    { address: contact, call: () => contactActions.contactHandledAction(form({ message: ids.message, handled: "1" })) },
    { address: contact, call: () => contactActions.makeCaseAction(idle, form({ message: ids.message, subject: "Call back about the bill", category: "question" })) },
    { address: customers, call: () => customerActions.unlockCustomerAction(customerForm()) },
    { address: customers, call: () => customerActions.disableCustomerAction(customerForm({ disable: "1" })) },
    { address: customers, call: () => customerActions.sendResetLinkAction(customerForm()) },
    { address: customers, call: () => customerActions.resetTwoStepAction(customerForm()) },
    { address: customers, call: () => customerActions.setRoleAction(customerForm({ role: "agent" })) },
    { address: customers, call: () => customerActions.resendConfirmationAction(customerForm()) },
    { address: customers, call: () => customerActions.openCaseAction(idle, customerForm({ subject: "Meter fault, by phone", category: "not-working", description: "The display is blank.", priority: "high" })) },
    { address: customers, call: () => customerActions.correctDetailsAction(idle, customerForm({ name: "Corrected Name", phone: "+44 20 7946 0958" })) },
    { address: customers, call: () => customerActions.changeEmailAction(idle, customerForm({ email: "corrected-address@example.test" })) },
    { address: canned, adds: (junk) => junk === "" || junk.length > 20, call: () => cannedActions.saveCannedReplyAction(idle, form({ reply: ids.reply, locale: "en", title: "Changed", body: "Hello {name}." })) },
    // Deleting a canned reply that is gone says so on the list, as it always has.
    { address: canned, gone: "redirect /staff/canned-replies?refused=gone", call: () => cannedActions.deleteCannedReplyAction(form({ reply: ids.reply })) },
    { address: articles, adds: () => true, call: () => articleActions.saveArticleAction(idle, form({ ...draft, article: ids.article, base: "1", intent: "save", locale: "en" })) },
    { address: articles, call: () => articleActions.articleCommandAction(form({ article: ids.article, version: "1", base: "1", command: "restore" })) },
    { address: articles, call: () => articleActions.articleCommandAction(form({ article: ids.article, command: "archive" })) },
  ];
}

describe(`a staff form for something that is not there, on ${testDatabaseLabel()}`, () => {
  it("sends the browser to the missing thing's own address and changes nothing, however many arrive at once", async () => {
    const missing = { case: String(caseId + 1000), message: String(messageId + 1000), customer: randomUUID(), reply: String(cannedReplyId + 1000), article: String(articleId + 1000) };
    const at = (path: string) => `redirect ${path}/${{ "/staff/cases": missing.case, "/staff/contact": missing.message, "/staff/customers": missing.customer, "/staff/canned-replies": missing.reply, "/staff/knowledge-base": missing.article }[path]}`;
    const posts = postsFor(missing, at);
    await actAs(admin);
    const before = await fingerprint();
    const answers = await Promise.all([...posts, ...posts].map((post) => answerOf(post.call())));
    expect(answers).toEqual([...posts, ...posts].map((post) => post.gone ?? post.address));
    expect(await fingerprint()).toBe(before);
  });

  it("sends a hidden field that names nothing — junk, another site's address (S36) — to the address with 0", async () => {
    await actAs(admin);
    const before = await fingerprint();
    for (const junk of ["", "x", "1".repeat(30), "//evil.example/staff", "/\\evil.example", "https://evil.example/"]) {
      const posts = postsFor({ case: junk, message: junk, customer: junk, reply: junk, article: junk }, (path) => `redirect ${path}/0`);
      const named = posts.filter((post) => !post.adds?.(junk));
      const answers = await Promise.all(named.map((post) => answerOf(post.call())));
      expect({ junk, answers }).toEqual({ junk, answers: named.map((post) => post.address) });
    }
    expect(await fingerprint()).toBe(before);
  });

  it("answers a translation of an article that is gone at that article's address", async () => {
    await actAs(agent);
    const gone = articleId + 1000;
    const fields = { ...draft, slug: "translated-gone", article: "", translationOf: String(gone), intent: "save", locale: "es" };
    expect(await answerOf(articleActions.saveArticleAction(idle, form(fields)))).toBe(`redirect /staff/knowledge-base/${gone}`);
  });

  it("sends an article form that does not fit (no base version, an unknown command) to the article's page, and refuses an admin's command from an agent with 404 (S34), doing nothing", async () => {
    await actAs(agent);
    const before = await fingerprint();
    const article = String(articleId);
    const answers = await Promise.all([
      answerOf(articleActions.saveArticleAction(idle, form({ ...draft, slug: "kept-article", article, base: "", intent: "save", locale: "en" }))),
      answerOf(articleActions.articleCommandAction(form({ article, version: "1", command: "publish" }))),
      answerOf(articleActions.articleCommandAction(form({ article, command: "archive" }))),
      answerOf(articleActions.articleCommandAction(form({ article, command: "no-such-command" }))),
    ]);
    const page = `redirect /staff/knowledge-base/${articleId}`;
    expect(answers).toEqual([page, "not found", "not found", page]);
    expect(await fingerprint()).toBe(before);
  });

  it("checks the role first (S34): a customer gets the same 404 for a missing case as for one that exists", async () => {
    await actAs(await makeCustomer());
    const work = { kind: "note", text: "Hello?", status: "open", priority: "normal", agent: "", seen: "0", override: "1" };
    const answers = await Promise.all(
      [caseId, caseId + 1000, caseId, caseId + 1000].map((id) => answerOf(caseActions.staffWorkAction(idle, form({ case: String(id), ...work })))),
    );
    expect(answers).toEqual(Array(4).fill("not found"));
  });
});
