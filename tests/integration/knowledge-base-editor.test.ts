jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { and, count, eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { articleCommandAction, saveArticleAction, type EditorState } from "@/app/staff/knowledge-base/actions";
import { voteAction } from "@/app/knowledge-base/[slug]/actions";
import { HighlightedText } from "@/components/highlighted-text";
import { db } from "@/lib/db";
import { withTimeLimits } from "@/lib/db/time-limits";
import { auditLog, kbArticles, kbArticleVersions, kbVotes, kbWords } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { idleForm } from "@/lib/http/form";
import { refreshArticleText } from "@/lib/knowledge-base/article-text";
import { archiveArticle, articleForEditing, createArticle, publishArticle, restoreVersion, saveDraft, staffArticleList } from "@/lib/knowledge-base/editing";
import { articleStartFromCase } from "@/lib/knowledge-base/from-case";
import { isWithdrawnAddress, readArticle } from "@/lib/knowledge-base/reading";
import { MATCH_START, searchArticles } from "@/lib/knowledge-base/search";
import { readArticleFiles, seedKnowledgeBase } from "@/lib/knowledge-base/seed";
import { StaffOnly, type StaffMember } from "@/lib/staff/access";
import { replyToCustomer } from "@/lib/support/case-conversation";
import { createCase } from "@/lib/support/cases";
import { makeCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 31: the support team writes the Knowledge Base in the portal. */
withTestDatabase();
afterEach(clearLimits);

const draft = (slug: string, title: string, body: string, summary = `${title}.`) => ({ slug, title, category: "Account", summary, body });

/** Ten articles, each at version 1 with a slug of its own (`<prefix>-<i>`), published or not. */
async function tenArticles(prefix: string, published: boolean): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const created = await createArticle(agent, "en", draft(`${prefix}-${i}`, `Racer ${i}`, "Text."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    if (published) await publishArticle(admin, created.articleId, 1, staffActor(admin));
    ids.push(created.articleId);
  }
  return ids;
}

let agent: StaffMember;
let admin: StaffMember;
beforeAll(async () => {
  expect(await seedKnowledgeBase()).toBeGreaterThan(0);
  agent = await makeStaffMember("agent");
  admin = await makeStaffMember("admin");
});

describe(`articles as data, on ${testDatabaseLabel()}`, () => {
  it("seeds an empty database from content/, every article published at its old address, once", async () => {
    for (const file of await readArticleFiles(`${process.cwd()}/content/knowledge-base/en`)) {
      expect(await readArticle(file.slug, "en")).toMatchObject({ kind: "article", article: { slug: file.slug, status: "published", publishedVersion: 1 } });
    }
    // Spanish files of the same name are the same article's translation.
    const english = await readArticle("choosing-a-strong-password", "en");
    const spanish = await readArticle("choosing-a-strong-password", "es");
    if (english.kind !== "article" || spanish.kind !== "article") throw new Error("not seeded");
    expect(spanish.article.groupId).toBe(english.article.groupId);
    expect(spanish.translations.map((translation) => translation.locale)).toEqual(["en", "es"]);
    // Not the source of truth any more: a second start adds nothing.
    expect(await seedKnowledgeBase()).toBe(0);
  });

  it("keeps drafts from readers; an agent cannot publish, an admin can; every change is audited", async () => {
    const created = await createArticle(agent, "en", draft("paying-by-card", "Paying by card", "Use **any card** you like."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    expect(await readArticle("paying-by-card", "en")).toEqual({ kind: "none" });
    await expect(publishArticle(agent, created.articleId, 1, staffActor(agent))).rejects.toBeInstanceOf(StaffOnly);
    expect(await publishArticle(admin, created.articleId, 1, staffActor(admin))).toMatchObject({ ok: true });
    const found = await readArticle("paying-by-card", "en");
    expect(found).toMatchObject({ kind: "article", article: { title: "Paying by card", plainText: "Use any card you like." } });
    const events = await (await db()).select({ event: auditLog.event, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.actorId, agent.id));
    expect(events.map((entry) => entry.event)).toContain("kb_article_created");
    const [published] = await (await db()).select().from(auditLog).where(and(eq(auditLog.event, "kb_article_published"), eq(auditLog.actorId, admin.id)));
    expect(published.details).toMatchObject({ article: created.articleId, version: 1, locale: "en" });
  });

  it("refuses a save made from an old version: of 8 simultaneous saves from one version exactly one wins", async () => {
    const created = await createArticle(agent, "en", draft("conflicts", "Conflicts", "First text."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    const editors = await Promise.all(Array.from({ length: 8 }, () => makeStaffMember("agent")));
    const outcomes = await Promise.all(editors.map((editor, index) => saveDraft(editor, created.articleId, 1, draft("conflicts", "Conflicts", `Text by editor ${index}.`), staffActor(editor))));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual(Array(7).fill({ ok: false, reason: "conflict", latestVersion: 2 }));
    const [{ versions }] = await (await db()).select({ versions: count() }).from(kbArticleVersions).where(eq(kbArticleVersions.articleId, created.articleId));
    expect(versions).toBe(2);
  });

  it("answers the editor form's conflict with a message, not an overwrite", async () => {
    const created = await createArticle(agent, "en", draft("form-conflict", "Form conflict", "First text."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await actAs(agent);
    const fields = { article: String(created.articleId), base: "1", intent: "save", slug: "form-conflict", title: "Form conflict", category: "Account", summary: "Form conflict." };
    const submits = await Promise.allSettled([saveArticleAction(idleForm, form({ ...fields, body: "Mine." })), saveArticleAction(idleForm, form({ ...fields, body: "Theirs." }))]);
    const answered = submits.map((submit) => (submit.status === "fulfilled" ? submit.value.message : String((submit.reason as { digest?: string }).digest).split(";")[2]));
    expect(answered.sort()).toEqual([`/staff/knowledge-base/${created.articleId}?done=saved`, expect.stringContaining("Someone saved this article")].sort());
  });

  it("views and restores any version; a published slug change keeps the old address", async () => {
    const created = await createArticle(agent, "en", draft("old-address", "Old title", "Version one."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    expect(await saveDraft(agent, created.articleId, 1, draft("new-address", "New title", "Version two."), staffActor(agent))).toMatchObject({ ok: true, version: 2 });
    // Readers still see version 1 until an admin publishes.
    expect(await readArticle("old-address", "en")).toMatchObject({ kind: "article", article: { title: "Old title" } });
    await publishArticle(admin, created.articleId, 2, staffActor(admin));
    expect(await readArticle("old-address", "en")).toEqual({ kind: "moved", slug: "new-address" });
    expect(await readArticle("new-address", "en")).toMatchObject({ kind: "article", article: { title: "New title" } });
    expect(await restoreVersion(agent, created.articleId, 1, 2, staffActor(agent))).toMatchObject({ ok: true, version: 3 });
    const editing = await articleForEditing(created.articleId);
    expect(editing?.latest).toMatchObject({ number: 3, title: "Old title", body: "Version one.", restoredFrom: 1 });
    expect(editing?.versions.map((version) => version.number)).toEqual([3, 2, 1]);
    // The old slug is taken by this article's redirect: nobody else may have it.
    expect(await createArticle(agent, "en", draft("old-address", "Squatter", "x"), {}, staffActor(agent))).toEqual({ ok: false, reason: "slug_taken" });
  });

  it("archives: readers get the withdrawn answer, the staff list still has it", async () => {
    const created = await createArticle(agent, "en", draft("withdrawn-soon", "Withdrawn soon", "Text."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    await expect(archiveArticle(agent, created.articleId, staffActor(agent))).rejects.toBeInstanceOf(StaffOnly);
    await archiveArticle(admin, created.articleId, staffActor(admin));
    expect(await readArticle("withdrawn-soon", "en")).toEqual({ kind: "archived", title: "Withdrawn soon" });
    // proxy.ts answers these addresses 410; a published article's address is not one.
    expect(await isWithdrawnAddress("withdrawn-soon")).toBe(true);
    expect(await isWithdrawnAddress("following-your-cases")).toBe(false);
    expect(await isWithdrawnAddress("no-such-article")).toBe(false);
    expect((await staffArticleList("updated")).map((row) => row.id)).toContain(created.articleId);
  });

  it("never archives a draft (its title would show on the withdrawn page): a posted command for one finds nothing", async () => {
    const created = await createArticle(agent, "en", draft("never-public", "Never public", "Text."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    expect(await archiveArticle(admin, created.articleId, staffActor(admin))).toEqual({ ok: false, reason: "not_found" });
    expect(await readArticle("never-public", "en")).toEqual({ kind: "none" });
    expect(await isWithdrawnAddress("never-public")).toBe(false);
  });

  it("ten drafts saved to one slug at once: one gets it, the others are told it is taken, none is a 500", async () => {
    const drafts = await tenArticles("draft-racer", false);
    const saved = await Promise.all(drafts.map((id, i) => saveDraft(agent, id, 1, draft("the-one-slug", `Racer ${i}`, "Text."), staffActor(agent))));
    expect(saved.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(saved.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.reason)).toEqual(Array(9).fill("slug_taken"));
  });

  it("ten published articles whose new versions take one slug, published at once: one gets it, the others are told it is taken, none is a 500", async () => {
    const articles = await tenArticles("published-racer", true);
    // A published article's new version does not hold its slug until it is published, so all ten are saved.
    for (const [i, id] of articles.entries()) expect(await saveDraft(agent, id, 1, draft("the-published-slug", `Racer ${i}`, "Text."), staffActor(agent))).toMatchObject({ ok: true, version: 2 });
    const published = await Promise.all(articles.map((id) => publishArticle(admin, id, 2, staffActor(admin))));
    expect(published.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(published.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.reason)).toEqual(Array(9).fill("slug_taken"));
  });

  it("archives a renamed article: its old address is withdrawn too (410), not only its current one", async () => {
    const created = await createArticle(agent, "en", draft("first-address", "First title", "Text."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    await saveDraft(agent, created.articleId, 1, draft("second-address", "Second title", "Text."), staffActor(agent));
    await publishArticle(admin, created.articleId, 2, staffActor(admin));
    expect(await isWithdrawnAddress("first-address")).toBe(false);
    await archiveArticle(admin, created.articleId, staffActor(admin));
    expect(await readArticle("first-address", "en")).toEqual({ kind: "archived", title: "Second title" });
    expect(await isWithdrawnAddress("first-address")).toBe(true);
    expect(await isWithdrawnAddress("second-address")).toBe(true);

    // With a translation still published, neither address is withdrawn: its readers are sent on to it.
    const translated = await createArticle(agent, "es", draft("direccion-traducida", "Título traducido", "Texto."), { translationOf: created.articleId }, staffActor(agent));
    if (!translated.ok) throw new Error(translated.reason);
    await publishArticle(admin, translated.articleId, 1, staffActor(admin));
    expect(await readArticle("first-address", "es")).toEqual({ kind: "moved", slug: "direccion-traducida" });
    expect(await isWithdrawnAddress("first-address")).toBe(false);
    expect(await isWithdrawnAddress("second-address")).toBe(false);
  });

  it("refuses the editor's actions to a customer and to a signed-out visitor, storing nothing", async () => {
    const customer = await makeCustomer();
    const fields = { locale: "en", intent: "save", slug: "by-a-customer", title: "By a customer", category: "x", summary: "x", body: "x" };
    for (const who of [customer, null]) {
      await actAs(who);
      expect(await answerOf(saveArticleAction(idleForm, form(fields)))).toBe("not found");
      expect(await answerOf(articleCommandAction(form({ article: "1", version: "1", command: "publish" })))).toBe("not found");
    }
    const rows = await (await db()).select().from(kbArticles).where(eq(kbArticles.slug, "by-a-customer"));
    expect(rows).toHaveLength(0);
  });

  it("publishes through the form only for an admin: an agent's 'Save and publish' saves a draft", async () => {
    const fields = { locale: "en", intent: "publish", slug: "agent-tries", title: "Agent tries", category: "Account", summary: "Agent tries.", body: "Body." };
    await actAs(agent);
    expect(await answerOf(saveArticleAction(idleForm, form(fields)))).toMatch(/done=saved$/);
    expect(await readArticle("agent-tries", "en")).toEqual({ kind: "none" });
    await actAs(admin);
    expect(await answerOf(saveArticleAction(idleForm, form({ ...fields, slug: "admin-does", title: "Admin does" })))).toMatch(/done=published$/);
    expect(await readArticle("admin-does", "en")).toMatchObject({ kind: "article" });
  });

  it("previews with the public page's sanitiser, saving nothing", async () => {
    await actAs(agent);
    const state: EditorState = await saveArticleAction(idleForm, form({ locale: "en", intent: "preview", slug: "preview-only", title: "Preview", category: "x", summary: "x", body: '# Hi\n\n<script>alert(1)</script><img src="https://evil.example/t.gif" onerror="x()"> [a](javascript:alert(1))' }));
    expect(state.previewHtml).toContain("<h2>Hi</h2>");
    // The link with a javascript: URL stays text; the script, the handler and the outside image go.
    expect(state.previewHtml).not.toMatch(/<script|onerror|href="javascript:|evil\.example|<img/);
    expect(await (await db()).select().from(kbArticles).where(eq(kbArticles.slug, "preview-only"))).toHaveLength(0);
  });

  it("starts an article from a case with its subject (the customer's words, for the agent to rewrite) and the agent's own last reply, nothing else the customer wrote", async () => {
    const customer = await makeCustomer();
    const supportCase = await createCase(customer, { subject: "Cannot find my invoice", category: "question", description: "My account number is 12345 and my name is Jane." }, "en");
    await replyToCustomer(agent, supportCase.id, "Invoices are under Account > Documents.", { waitingForYou: true }, staffActor(agent));
    expect(await articleStartFromCase(agent, supportCase.id)).toEqual({ title: "Cannot find my invoice", body: "Invoices are under Account > Documents." });
    // Another agent's start has no reply of theirs to carry over.
    expect(await articleStartFromCase(admin, supportCase.id)).toEqual({ title: "Cannot find my invoice", body: "" });
  });
});

describe(`search, on ${testDatabaseLabel()}`, () => {
  it("stems English, ranks a title match first, and excerpts plain text with the matches marked", async () => {
    const outcome = await searchArticles("resetting passwords", "en");
    if (outcome.kind !== "results") throw new Error("no results");
    expect(outcome.hits[0].slug).toBe("how-do-i-reset-my-password");
    expect(outcome.hits[0].excerpt).toContain(MATCH_START);
    for (const hit of outcome.hits) expect(hit.excerpt).not.toMatch(/\*\*|\]\(|^#/);
    for (let i = 1; i < outcome.hits.length; i += 1) expect(outcome.hits[i - 1].rank).toBeGreaterThanOrEqual(outcome.hits[i].rank);
  });

  it("finds “password” from the misspelt “pasword”", async () => {
    const outcome = await searchArticles("pasword", "en");
    if (outcome.kind !== "results") throw new Error("no results");
    expect(outcome.correctedTo).toBe("password");
    expect(outcome.hits.map((hit) => hit.slug)).toContain("how-do-i-reset-my-password");
  });

  it("the done-when: an agent writes a Spanish article, an admin publishes it, a reader finds it by a misspelt unaccented word", async () => {
    const created = await createArticle(agent, "es", draft("facturacion-electronica", "Facturación electrónica", "La facturación electrónica llega a su correo cada mes."), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    // Spanish stemming, accents ignored.
    const unaccented = await searchArticles("facturacion electronica", "es");
    expect(unaccented.kind === "results" && unaccented.hits[0].slug).toBe("facturacion-electronica");
    const stemmed = await searchArticles("facturaciones", "es");
    expect(stemmed.kind === "results" && stemmed.hits.map((hit) => hit.slug)).toContain("facturacion-electronica");
    const misspelt = await searchArticles("factuacion", "es");
    expect(misspelt.kind === "results" && misspelt.hits.map((hit) => hit.slug)).toContain("facturacion-electronica");
  });

  it("excerpts only what readers see: an HTML comment, a <style> or a <script> in the Markdown never shows in the results", async () => {
    const body = "Kumquats ripen in winter.\n\n<!-- ticket 123 -> customer Jane Doe, kumquat order -->\n\n<style>.kumquat { secret: note }</style><script>var kumquat = 'internal'</script>\n\nPick kumquats when orange.";
    const created = await createArticle(agent, "en", draft("kumquat-season", "Kumquat season", body), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    const outcome = await searchArticles("kumquats", "en");
    if (outcome.kind !== "results") throw new Error("no results");
    const hit = outcome.hits.find((found) => found.slug === "kumquat-season")!;
    expect(hit.excerpt).toContain("ripen in winter");
    expect(hit.excerpt).not.toMatch(/Jane|ticket|secret|internal|-->/);
  });

  it("a word only in hidden text finds no article and is no \"did you mean\" suggestion; text an earlier release stored is written again by the background work", async () => {
    // Readers see neither the comment, nor the style, nor where the link goes: none of it finds the article.
    const body = "Quinces keep for months. Ask with [the form](https://intranet.example/zanzibar-escalations).\n\n<!-- ticket 42: customer Zebulon Quartermaine, quince order -->\n\n<style>.quince { marmalade: secret }</style>";
    const created = await createArticle(agent, "en", draft("quince-storage", "Quince storage", body), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    const found = async (query: string) => {
      const outcome = await searchArticles(query, "en");
      return outcome.kind === "results" ? { slugs: outcome.hits.map((hit) => hit.slug), correctedTo: outcome.correctedTo } : null;
    };
    expect((await found("quinces"))?.slugs).toContain("quince-storage");
    for (const hidden of ["zanzibar", "intranet", "Quartermaine", "Zebulon", "marmalade", "ticket"]) expect({ hidden, slugs: (await found(hidden))?.slugs }).toEqual({ hidden, slugs: [] });
    // Misspelt, the hidden word is not suggested either.
    expect((await found("Quartermane"))?.correctedTo).toBeUndefined();

    // As a release before the plain text dropped comments left it: the text with the comment's
    // words (shown in excerpts, and now searched), and those words in the "did you mean" list.
    const database = await db();
    await database.update(kbArticles).set({ plainText: "Quinces keep for months. ticket 42: customer Zebulon Quartermaine, quince order", textVersion: 0 }).where(eq(kbArticles.id, created.articleId));
    await database.insert(kbWords).values([{ word: "quartermaine" }, { word: "zebulon" }]).onConflictDoNothing();
    expect((await found("Quartermaine"))?.slugs).toContain("quince-storage");
    expect((await found("Quartermane"))?.correctedTo).toBe("quartermaine");

    // Two processes' passes at once, and a publish among them: each article is written once, and
    // the word list made anew keeps the words of the article published meanwhile.
    const another = await createArticle(agent, "en", draft("persimmon-storage", "Persimmon storage", "Persimmons ripen off the tree."), {}, staffActor(agent));
    if (!another.ok) throw new Error(another.reason);
    const [first, second] = await Promise.all([withTimeLimits(refreshArticleText), withTimeLimits(refreshArticleText), publishArticle(admin, another.articleId, 1, staffActor(admin))]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    expect(Math.min(first, second)).toBe(0);
    expect(await database.select().from(kbWords).where(eq(kbWords.word, "persimmons"))).toHaveLength(1);
    expect((await found("Quartermaine"))?.slugs).toEqual([]);
    expect((await found("Quartermane"))?.correctedTo).toBeUndefined();
    expect((await found("quinces"))?.slugs).toContain("quince-storage");
    // Nothing left to write: the next pass reads and ends.
    expect(await withTimeLimits(refreshArticleText)).toBe(0);
  });

  it("never lets article text become markup in the results", async () => {
    const hostile = 'Harmless <img src=x onerror="alert(1)"> text about tangerines & <b>bold</b>';
    const created = await createArticle(agent, "en", draft("hostile-text", "Tangerines", "Tangerines.", hostile), {}, staffActor(agent));
    if (!created.ok) throw new Error(created.reason);
    await publishArticle(admin, created.articleId, 1, staffActor(admin));
    const outcome = await searchArticles("tangerines", "en");
    if (outcome.kind !== "results" || outcome.hits.length === 0) throw new Error("no results");
    const html = renderToStaticMarkup(createElement(HighlightedText, { text: outcome.hits[0].excerpt }));
    // ts_headline drops what looks like a tag, and whatever remains is rendered as text.
    expect(html).toContain("&amp;");
    expect(html).not.toMatch(/<img|<b>|onerror/);
    expect(html).toContain("<mark");
  });
});

describe(`“Was this helpful?”, on ${testDatabaseLabel()}`, () => {
  const vote = (helpful: "yes" | "no", comment = "") => voteAction(form({ slug: "following-your-cases", locale: "en", helpful, comment }));

  it("keeps one vote per browser per article, with its comment, and the staff list sorts by it", async () => {
    await actAs(null);
    expect(await answerOf(vote("no", "Too short"))).toMatch(/voted=thanks$/);
    expect(await answerOf(vote("yes", "Clear now"))).toMatch(/voted=thanks$/);
    request.cookies.clear();
    expect(await answerOf(vote("yes"))).toMatch(/voted=thanks$/);
    const found = await readArticle("following-your-cases", "en");
    if (found.kind !== "article") throw new Error("missing");
    const editing = await articleForEditing(found.article.id);
    expect(editing?.votes).toEqual({ helpful: 2, notHelpful: 0 });
    expect(editing?.comments.map((comment) => comment.comment)).toEqual(["Clear now"]);
    expect((await staffArticleList("helpful"))[0].id).toBe(found.article.id);
  });

  it("limits votes per client: of 40 simultaneous answers from one address, 30 count", async () => {
    await actAs(null);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => {
        request.cookies.clear();
        return answerOf(vote("yes"));
      }),
    );
    expect(answers.filter((answer) => answer.endsWith("voted=thanks"))).toHaveLength(30);
    expect(answers.filter((answer) => answer.endsWith("voted=limited"))).toHaveLength(10);
  });

  it("ignores votes for an unknown or unpublished article and junk input", async () => {
    await actAs(null);
    expect(await answerOf(voteAction(form({ slug: "no-such-article", locale: "en", helpful: "yes", comment: "" })))).toBe("redirect /knowledge-base");
    expect(await answerOf(voteAction(form({ slug: "../x", locale: "en", helpful: "yes" })))).toBe("redirect /knowledge-base");
    expect(await answerOf(voteAction(form({ slug: "following-your-cases", locale: "en", helpful: "maybe" })))).toBe("redirect /knowledge-base");
    const [{ votes }] = await (await db()).select({ votes: count() }).from(kbVotes);
    expect(votes).toBeGreaterThan(0);
  });
});
