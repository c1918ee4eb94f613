import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles } from "@/lib/db/schema";
import { articlesByCategory, readArticle } from "@/lib/knowledge-base/reading";
import { searchArticles } from "@/lib/knowledge-base/search";
import { seedKnowledgeBase } from "@/lib/knowledge-base/seed";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();

/** Issue 18: articles per language, an English fallback marked as such, and each language's own stemming. */
let root: string;
const article = (title: string, body: string) => `---\ntitle: ${title}\ncategory: Cuenta\nsummary: ${title}.\n---\n${body}\n`;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "kb-"));
  mkdirSync(path.join(root, "en"));
  mkdirSync(path.join(root, "es"));
  writeFileSync(path.join(root, "en", "passwords.md"), article("Choosing passwords", "Passwords should be long."));
  writeFileSync(path.join(root, "en", "only-english.md"), article("Only in English", "This article was never translated; it talks about invoices."));
  writeFileSync(path.join(root, "es", "passwords.md"), article("Elegir contraseñas", "Las contraseñas deben ser largas."));
  await seedKnowledgeBase(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`the Knowledge Base in two languages, on ${testDatabaseLabel()}`, () => {
  it("shows a Spanish reader the Spanish article, and the English one where there is no translation", async () => {
    expect(await readArticle("passwords", "es")).toMatchObject({ kind: "article", article: { locale: "es", title: "Elegir contraseñas" } });
    expect(await readArticle("only-english", "es")).toMatchObject({ kind: "article", article: { locale: "en", title: "Only in English" } });
    expect(await readArticle("passwords", "en")).toMatchObject({ kind: "article", article: { locale: "en", title: "Choosing passwords" } });
    const listed = (await articlesByCategory("es")).flatMap((group) => group.articles.map((item) => `${item.locale}:${item.slug}`));
    expect(listed.sort()).toEqual(["en:only-english", "es:passwords"]);
  });

  it("lists what is published when it is asked: both languages at once, and an article withdrawn is gone from the next list", async () => {
    const slugs = async (locale: "en" | "es") => (await articlesByCategory(locale)).flatMap((group) => group.articles.map((item) => `${item.locale}:${item.slug}`)).sort();
    // Issue 25: the list is a prepared query per language; lists asked at once each get their own language.
    const lists = await Promise.all([slugs("en"), slugs("es"), slugs("en"), slugs("es")]);
    expect(lists).toEqual([["en:only-english", "en:passwords"], ["en:only-english", "es:passwords"], ["en:only-english", "en:passwords"], ["en:only-english", "es:passwords"]]);
    const database = await db();
    await database.update(kbArticles).set({ status: "archived" }).where(eq(kbArticles.slug, "only-english"));
    try {
      expect(await Promise.all([slugs("en"), slugs("es")])).toEqual([["en:passwords"], ["es:passwords"]]);
    } finally {
      await database.update(kbArticles).set({ status: "published" }).where(eq(kbArticles.slug, "only-english"));
    }
  });

  it("searches Spanish with Spanish stemming and English with English stemming", async () => {
    const spanish = await searchArticles("contraseña", "es");
    expect(spanish.kind === "results" && spanish.hits.map((hit) => `${hit.locale}:${hit.slug}`)).toEqual(["es:passwords"]);
    const english = await searchArticles("password", "en");
    expect(english.kind === "results" && english.hits.map((hit) => hit.slug)).toEqual(["passwords"]);
    // The untranslated English article is found from Spanish, by its English words.
    const fallback = await searchArticles("invoice", "es");
    expect(fallback.kind === "results" && fallback.hits.map((hit) => `${hit.locale}:${hit.slug}`)).toEqual(["en:only-english"]);
  });
});
