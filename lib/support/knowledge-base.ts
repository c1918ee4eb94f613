import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, desc, eq, notInArray, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles, type KbArticle } from "@/lib/db/schema";
import { availableLocales, DEFAULT_LOCALE, messagesFor, type Locale } from "@/lib/i18n/locales";

/**
 * The Knowledge Base. Articles are Markdown files in content/knowledge-base/<language>/ (reviewed
 * like code); syncKnowledgeBase copies them into PostgreSQL, whose full-text search ranks them
 * with the language's own text-search configuration. An article not yet translated is shown (and
 * found) in English, marked as such.
 */
const CONTENT_DIR = path.join(process.cwd(), "content", "knowledge-base");

export type ArticleFile = { slug: string; title: string; category: string; summary: string; body: string; popular: boolean };

/** Front matter is a few `key: value` lines between `---` fences. */
export function parseArticle(slug: string, source: string): ArticleFile {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${slug}.md has no front matter`);
  const fields = Object.fromEntries(
    match[1].split("\n").map((line) => {
      const separator = line.indexOf(":");
      return [line.slice(0, separator).trim(), line.slice(separator + 1).trim()];
    }),
  );
  for (const required of ["title", "category", "summary"]) {
    if (!fields[required]) throw new Error(`${slug}.md has no ${required}`);
  }
  return { slug, title: fields.title, category: fields.category, summary: fields.summary, body: match[2].trim(), popular: fields.popular === "true" };
}

export async function readArticleFiles(directory: string): Promise<ArticleFile[]> {
  // Note: content/ is traced into the build by next.config's outputFileTracingIncludes; the bundler
  // need not (and, told to, would trace the whole project).
  const files = (await readdir(/*turbopackIgnore: true*/ directory).catch(() => [] as string[])).filter((file) => file.endsWith(".md")).sort();
  return Promise.all(files.map(async (file) => parseArticle(file.replace(/\.md$/, ""), await readFile(/*turbopackIgnore: true*/ path.join(directory, file), "utf8"))));
}

/** PostgreSQL's text-search configuration for a language ("simple" when it has none). */
export function textSearchConfiguration(locale: Locale): string {
  const named = (messagesFor(locale).language as { textSearch?: unknown } | undefined)?.textSearch;
  return typeof named === "string" && /^[a-z_]+$/.test(named) ? named : "simple";
}

/** Brings the database's copy in line with the files, every language (start-up and tests). */
export async function syncKnowledgeBase(root = CONTENT_DIR) {
  const database = await db();
  for (const locale of availableLocales()) {
    const articles = await readArticleFiles(path.join(/*turbopackIgnore: true*/ root, locale));
    await database.transaction(async (tx) => {
      for (const article of articles) {
        // "Popular" articles start ahead; views then decide the order.
        const { popular, ...fields } = article;
        await tx
          .insert(kbArticles)
          .values({ ...fields, locale, searchConfig: textSearchConfiguration(locale), views: popular ? 1 : 0 })
          .onConflictDoUpdate({
            target: [kbArticles.locale, kbArticles.slug],
            set: { title: fields.title, category: fields.category, summary: fields.summary, body: fields.body, searchConfig: textSearchConfiguration(locale) },
          });
      }
      const kept = articles.map((article) => article.slug);
      await tx.delete(kbArticles).where(and(eq(kbArticles.locale, locale), kept.length > 0 ? notInArray(kbArticles.slug, kept) : undefined));
    });
  }
}

/** The articles a reader of `locale` sees: theirs, and the English ones not translated yet. */
function visibleIn(locale: Locale): SQL {
  if (locale === DEFAULT_LOCALE) return eq(kbArticles.locale, DEFAULT_LOCALE);
  return or(
    eq(kbArticles.locale, locale),
    and(eq(kbArticles.locale, DEFAULT_LOCALE), sql`not exists (select 1 from ${kbArticles} as translated where translated.locale = ${locale} and translated.slug = ${kbArticles.slug})`),
  )!;
}

export type ArticleSummary = Pick<KbArticle, "slug" | "title" | "category" | "summary" | "locale">;
const summaryColumns = { slug: kbArticles.slug, title: kbArticles.title, category: kbArticles.category, summary: kbArticles.summary, locale: kbArticles.locale };

export async function articlesByCategory(locale: Locale): Promise<Array<{ category: string; articles: ArticleSummary[] }>> {
  const rows = await (await db()).select(summaryColumns).from(kbArticles).where(visibleIn(locale)).orderBy(asc(kbArticles.category), asc(kbArticles.title));
  const groups = new Map<string, ArticleSummary[]>();
  for (const row of rows) groups.set(row.category, [...(groups.get(row.category) ?? []), row]);
  return [...groups].map(([category, articles]) => ({ category, articles }));
}

export async function popularArticles(locale: Locale, limit = 4): Promise<ArticleSummary[]> {
  return (await db()).select(summaryColumns).from(kbArticles).where(visibleIn(locale)).orderBy(desc(kbArticles.views), asc(kbArticles.title)).limit(limit);
}

/** One article in the reader's language, else in English; counting the view. */
export async function readArticle(slug: string, locale: Locale = DEFAULT_LOCALE): Promise<KbArticle | undefined> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return undefined;
  const database = await db();
  for (const candidate of [...new Set([locale, DEFAULT_LOCALE])]) {
    const [row] = await database
      .update(kbArticles)
      .set({ views: sql`${kbArticles.views} + 1` })
      .where(and(eq(kbArticles.slug, slug), eq(kbArticles.locale, candidate)))
      .returning();
    if (row) return row;
  }
  return undefined;
}

// Markers that cannot occur in article text; the page turns the text between them into <mark>.
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

export type SearchHit = ArticleSummary & { rank: number; titleHighlight: string; excerpt: string };
export type SearchOutcome = { query: string; kind: "empty" } | { query: string; kind: "results"; hits: SearchHit[] };

/**
 * Ranked full-text search over titles (weight A), summaries (B) and bodies (C), each article with
 * its own language's configuration. Any input is safe: websearch_to_tsquery accepts free text,
 * and a query of nothing searchable finds nothing.
 */
export async function searchArticles(raw: unknown, locale: Locale = DEFAULT_LOCALE): Promise<SearchOutcome> {
  const query = typeof raw === "string" ? raw.replace(/[\u0000-\u001f]/g, " ").trim().slice(0, 200) : "";
  if (!/[\p{L}\p{N}]/u.test(query)) return { query, kind: "empty" };
  const tsQuery = sql`websearch_to_tsquery(${kbArticles.searchConfig}, ${query})`;
  const options = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2`;
  const hits = await (await db())
    .select({
      ...summaryColumns,
      rank: sql<number>`ts_rank_cd(${kbArticles.search}, ${tsQuery})`.mapWith(Number),
      titleHighlight: sql<string>`ts_headline(${kbArticles.searchConfig}, ${kbArticles.title}, ${tsQuery}, ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`})`,
      excerpt: sql<string>`ts_headline(${kbArticles.searchConfig}, ${kbArticles.summary} || ' ' || ${kbArticles.body}, ${tsQuery}, ${options})`,
    })
    .from(kbArticles)
    .where(and(visibleIn(locale), sql`${kbArticles.search} @@ ${tsQuery}`))
    .orderBy(sql`ts_rank_cd(${kbArticles.search}, ${tsQuery}) desc`, asc(kbArticles.title))
    .limit(20);
  return { query, kind: "results", hits };
}
