import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/lib/db";
import { kbArticles, kbSlugRedirects, type KbArticle } from "@/lib/db/schema";
import { publishedText } from "./article-text";

/**
 * What an article (one language) is made of, and the one way a version becomes what readers see.
 * Shared by the seed from content/ and by the staff editor, so both publish the same way.
 */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const articleDraftSchema = z.object({
  slug: z.string().trim().toLowerCase().min(1, "validation.article.required").max(100, "validation.article.tooLong").regex(SLUG, "validation.article.slug"),
  title: z.string().trim().min(1, "validation.article.required").max(200, "validation.article.tooLong"),
  category: z.string().trim().min(1, "validation.article.required").max(100, "validation.article.tooLong"),
  summary: z.string().trim().min(1, "validation.article.required").max(500, "validation.article.tooLong"),
  body: z.string().trim().min(1, "validation.article.required").max(50_000, "validation.article.tooLong"),
});
export type ArticleDraft = z.infer<typeof articleDraftSchema>;
export type ArticleField = keyof ArticleDraft;
export const articleFields: readonly ArticleField[] = ["slug", "title", "category", "summary", "body"];

/** Whether a slug in a language is free for this article: not another article's, nor another's old address. */
export async function slugFree(tx: Executor, locale: string, slug: string, articleId: number | null): Promise<boolean> {
  const [taken] = await tx
    .select({ id: kbArticles.id })
    .from(kbArticles)
    .where(and(eq(kbArticles.locale, locale), eq(kbArticles.slug, slug), articleId === null ? undefined : ne(kbArticles.id, articleId)))
    .limit(1);
  if (taken) return false;
  const [redirect] = await tx
    .select({ id: kbSlugRedirects.articleId })
    .from(kbSlugRedirects)
    .where(and(eq(kbSlugRedirects.locale, locale), eq(kbSlugRedirects.slug, slug), articleId === null ? undefined : ne(kbSlugRedirects.articleId, articleId)))
    .limit(1);
  return !redirect;
}

/**
 * Makes `version` of the (locked) article what readers see. A published article whose slug
 * changes keeps its old address as a redirect: published URLs never stop working. The caller has
 * checked that the new slug is free.
 */
export async function publishVersion(tx: Executor, article: KbArticle, version: ArticleDraft & { number: number }) {
  const wasPublic = article.publishedVersion !== null;
  if (wasPublic && article.slug !== version.slug) {
    await tx.delete(kbSlugRedirects).where(and(eq(kbSlugRedirects.locale, article.locale), eq(kbSlugRedirects.slug, version.slug)));
    await tx.insert(kbSlugRedirects).values({ locale: article.locale, slug: article.slug, articleId: article.id }).onConflictDoNothing();
  }
  await tx
    .update(kbArticles)
    .set({
      slug: version.slug,
      title: version.title,
      category: version.category,
      summary: version.summary,
      body: version.body,
      ...(await publishedText(tx, version)),
      status: "published",
      publishedVersion: version.number,
      publishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(kbArticles.id, article.id));
}
