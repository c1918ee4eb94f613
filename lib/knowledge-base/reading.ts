import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Database } from "@/lib/db";
import { kbArticles, kbSlugRedirects, type KbArticle } from "@/lib/db/schema";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { SLUG } from "./articles";

/**
 * The Knowledge Base as readers see it: published articles only, in the reader's language, or in
 * English where that language has no published translation (shown marked as such).
 */
const translated = alias(kbArticles, "translated");

/** The published articles a reader of `locale` sees: theirs, and the English ones not translated yet. */
export function visibleIn(locale: Locale): SQL {
  const published = eq(kbArticles.status, "published");
  if (locale === DEFAULT_LOCALE) return and(published, eq(kbArticles.locale, DEFAULT_LOCALE))!;
  return and(
    published,
    sql`(${kbArticles.locale} = ${locale} or (${kbArticles.locale} = ${DEFAULT_LOCALE} and not exists (select 1 from ${kbArticles} as translated where translated.locale = ${locale} and translated.group_id = ${kbArticles.groupId} and translated.status = 'published')))`,
  )!;
}

export type ArticleSummary = Pick<KbArticle, "slug" | "title" | "category" | "summary" | "locale">;
export const summaryColumns = { slug: kbArticles.slug, title: kbArticles.title, category: kbArticles.category, summary: kbArticles.summary, locale: kbArticles.locale };

/**
 * Issue 25: the Knowledge Base page's list, built once per database and language and kept as a
 * prepared query (building its SQL cost about as much CPU as running it); still read on every
 * request, so an article published or withdrawn shows on the next page load.
 */
const articleLists = new WeakMap<Database, Map<Locale, ReturnType<typeof prepareArticleList>>>();

function prepareArticleList(database: Database, locale: Locale) {
  return database.select(summaryColumns).from(kbArticles).where(visibleIn(locale)).orderBy(asc(kbArticles.category), asc(kbArticles.title)).prepare(`kb_articles_${locale}`);
}

export async function articlesByCategory(locale: Locale): Promise<Array<{ category: string; articles: ArticleSummary[] }>> {
  const database = await db();
  let lists = articleLists.get(database);
  if (!lists) articleLists.set(database, (lists = new Map()));
  let list = lists.get(locale);
  if (!list) lists.set(locale, (list = prepareArticleList(database, locale)));
  const rows = await list.execute();
  const groups = new Map<string, ArticleSummary[]>();
  for (const row of rows) groups.set(row.category, [...(groups.get(row.category) ?? []), row]);
  return [...groups].map(([category, articles]) => ({ category, articles }));
}

export async function popularArticles(locale: Locale, limit = 4): Promise<ArticleSummary[]> {
  return (await db()).select(summaryColumns).from(kbArticles).where(visibleIn(locale)).orderBy(desc(kbArticles.views), asc(kbArticles.title)).limit(limit);
}

export type ArticleTranslation = { locale: string; slug: string };

export type ArticleLookup =
  // The article, in the reader's language or (untranslated) another; its published languages for hreflang.
  | { kind: "article"; article: KbArticle; translations: ArticleTranslation[] }
  // Its address is another (a renamed slug, or the reader's language has it under its own slug).
  | { kind: "moved"; slug: string }
  // Withdrawn: 410 with a link to search.
  | { kind: "archived"; title: string }
  | { kind: "none" };

/** The published languages of an article. */
async function translationsOf(groupId: number): Promise<ArticleTranslation[]> {
  return (await db())
    .select({ locale: kbArticles.locale, slug: kbArticles.slug })
    .from(kbArticles)
    .where(and(eq(kbArticles.groupId, groupId), eq(kbArticles.status, "published")))
    .orderBy(asc(kbArticles.locale));
}

/**
 * What /knowledge-base/<slug> shows a reader of `locale`, counting the view. The reader's own
 * language wins; a slug of another language leads to the reader's translation when there is one
 * (so the language switcher stays on the same article), else shows that language, marked.
 */
export async function readArticle(slug: string, locale: Locale = DEFAULT_LOCALE): Promise<ArticleLookup> {
  if (!SLUG.test(slug) || slug.length > 100) return { kind: "none" };
  const database = await db();
  const preference = sql`case when ${kbArticles.locale} = ${locale} then 0 when ${kbArticles.locale} = ${DEFAULT_LOCALE} then 1 else 2 end`;
  let [found] = await database.select().from(kbArticles).where(and(eq(kbArticles.slug, slug), sql`${kbArticles.status} <> 'draft'`)).orderBy(preference, asc(kbArticles.locale)).limit(1);
  let renamed = false;
  if (!found) {
    const [old] = await database
      .select({ article: kbArticles })
      .from(kbSlugRedirects)
      .innerJoin(kbArticles, eq(kbArticles.id, kbSlugRedirects.articleId))
      .where(eq(kbSlugRedirects.slug, slug))
      .orderBy(sql`case when ${kbSlugRedirects.locale} = ${locale} then 0 else 1 end`)
      .limit(1);
    if (!old || old.article.status === "draft") return { kind: "none" };
    found = old.article;
    renamed = true;
  }
  if (found.locale !== locale) {
    const [own] = await database
      .select({ slug: translated.slug })
      .from(translated)
      .where(and(eq(translated.groupId, found.groupId), eq(translated.locale, locale), eq(translated.status, "published")));
    if (own) return { kind: "moved", slug: own.slug };
  }
  if (found.status === "archived") return { kind: "archived", title: found.title };
  if (renamed) return { kind: "moved", slug: found.slug };
  const [counted] = await database.update(kbArticles).set({ views: sql`${kbArticles.views} + 1` }).where(eq(kbArticles.id, found.id)).returning();
  return { kind: "article", article: counted ?? found, translations: await translationsOf(found.groupId) };
}

/**
 * Whether /knowledge-base/<slug> is a withdrawn article's address in every language it has (proxy.ts
 * answers it 410 Gone; the page itself says so and links to search). Pages cannot choose their
 * status in the App Router, hence the proxy.
 */
export async function isWithdrawnAddress(slug: string): Promise<boolean> {
  if (!SLUG.test(slug) || slug.length > 100) return false;
  // An address an article had before it was renamed counts too (readArticle follows it to the
  // withdrawn page); one whose article has a translation still published does not, since readArticle
  // sends that language's readers on to it.
  const oldAddressOf = (status: string) => sql`exists (select 1 from kb_slug_redirects as old join kb_articles as moved on moved.id = old.article_id where old.slug = ${slug} and moved.status = ${status})`;
  const translationPublished = sql`exists (select 1 from kb_articles as here join kb_articles as other on other.group_id = here.group_id where (here.slug = ${slug} or here.id in (select article_id from kb_slug_redirects where slug = ${slug})) and other.status = 'published')`;
  const [row] = await (await db())
    .select({
      withdrawn: sql<boolean>`(case when count(*) > 0 then bool_and(${kbArticles.status} = 'archived') else ${oldAddressOf("archived")} end) and not ${translationPublished}`,
    })
    .from(kbArticles)
    .where(and(eq(kbArticles.slug, slug), sql`${kbArticles.status} <> 'draft'`));
  return row?.withdrawn === true;
}
