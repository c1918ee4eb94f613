import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { asc, desc, eq, notInArray, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles, type KbArticle } from "@/lib/db/schema";

/**
 * The Knowledge Base. Articles are Markdown files in content/knowledge-base (reviewed like code);
 * syncKnowledgeBase copies them into PostgreSQL, whose full-text search ranks them.
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

export async function readArticleFiles(directory = CONTENT_DIR): Promise<ArticleFile[]> {
  // Note: content/ is traced into the build by next.config's outputFileTracingIncludes; the bundler
  // need not (and, told to, would trace the whole project).
  const files = (await readdir(/*turbopackIgnore: true*/ directory)).filter((file) => file.endsWith(".md")).sort();
  return Promise.all(files.map(async (file) => parseArticle(file.replace(/\.md$/, ""), await readFile(/*turbopackIgnore: true*/ path.join(directory, file), "utf8"))));
}

/** Brings the database's copy in line with the files (start-up and tests). */
export async function syncKnowledgeBase(directory = CONTENT_DIR) {
  const articles = await readArticleFiles(directory);
  const database = await db();
  await database.transaction(async (tx) => {
    for (const article of articles) {
      // "Popular" articles start ahead; views then decide the order.
      const { popular, ...fields } = article;
      await tx
        .insert(kbArticles)
        .values({ ...fields, views: popular ? 1 : 0 })
        .onConflictDoUpdate({ target: kbArticles.slug, set: { title: fields.title, category: fields.category, summary: fields.summary, body: fields.body } });
    }
    if (articles.length > 0) await tx.delete(kbArticles).where(notInArray(kbArticles.slug, articles.map((article) => article.slug)));
  });
}

export type ArticleSummary = Pick<KbArticle, "slug" | "title" | "category" | "summary">;

export async function articlesByCategory(): Promise<Array<{ category: string; articles: ArticleSummary[] }>> {
  const rows = await (await db())
    .select({ slug: kbArticles.slug, title: kbArticles.title, category: kbArticles.category, summary: kbArticles.summary })
    .from(kbArticles)
    .orderBy(asc(kbArticles.category), asc(kbArticles.title));
  const groups = new Map<string, ArticleSummary[]>();
  for (const row of rows) groups.set(row.category, [...(groups.get(row.category) ?? []), row]);
  return [...groups].map(([category, articles]) => ({ category, articles }));
}

export async function popularArticles(limit = 4): Promise<ArticleSummary[]> {
  return (await db())
    .select({ slug: kbArticles.slug, title: kbArticles.title, category: kbArticles.category, summary: kbArticles.summary })
    .from(kbArticles)
    .orderBy(desc(kbArticles.views), asc(kbArticles.title))
    .limit(limit);
}

/** One article, counting the view. */
export async function readArticle(slug: string): Promise<KbArticle | undefined> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return undefined;
  const [row] = await (await db())
    .update(kbArticles)
    .set({ views: sql`${kbArticles.views} + 1` })
    .where(eq(kbArticles.slug, slug))
    .returning();
  return row;
}

// Markers that cannot occur in article text; the page turns the text between them into <mark>.
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

export type SearchHit = ArticleSummary & { rank: number; titleHighlight: string; excerpt: string };
export type SearchOutcome = { query: string; kind: "empty" } | { query: string; kind: "results"; hits: SearchHit[] };

/**
 * Ranked full-text search over titles (weight A), summaries (B) and bodies (C). Any input is
 * safe: websearch_to_tsquery accepts free text, and a query of nothing searchable finds nothing.
 */
export async function searchArticles(raw: unknown): Promise<SearchOutcome> {
  const query = typeof raw === "string" ? raw.replace(/[\u0000-\u001f]/g, " ").trim().slice(0, 200) : "";
  if (!/[\p{L}\p{N}]/u.test(query)) return { query, kind: "empty" };
  const tsQuery = sql`websearch_to_tsquery('english', ${query})`;
  const options = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2`;
  const hits = await (await db())
    .select({
      slug: kbArticles.slug,
      title: kbArticles.title,
      category: kbArticles.category,
      summary: kbArticles.summary,
      rank: sql<number>`ts_rank_cd(${kbArticles.search}, ${tsQuery})`.mapWith(Number),
      titleHighlight: sql<string>`ts_headline('english', ${kbArticles.title}, ${tsQuery}, ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`})`,
      excerpt: sql<string>`ts_headline('english', ${kbArticles.summary} || ' ' || ${kbArticles.body}, ${tsQuery}, ${options})`,
    })
    .from(kbArticles)
    .where(sql`${kbArticles.search} @@ ${tsQuery}`)
    .orderBy(sql`ts_rank_cd(${kbArticles.search}, ${tsQuery}) desc`, asc(kbArticles.title))
    .limit(20);
  return { query, kind: "results", hits };
}
