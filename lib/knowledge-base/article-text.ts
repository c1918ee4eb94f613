import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { kbArticles, kbWords } from "@/lib/db/schema";
import { plainText, wordsOf } from "./plain-text";

/**
 * What search reads of an article (kb_words is owned here): its plain text — the text its page
 * shows, which the search column is made from (drizzle/0025) and excerpts are cut from — and the
 * "did you mean" words of the published articles. Both are written when a version is published.
 *
 * ARTICLE_TEXT_VERSION names the plainText that wrote an article's text. Raised when plainText
 * changes what it keeps (1: the sanitised page's text, without HTML comments, <style> or
 * <script>; 0 kept them), it makes the background work write every article's text again and the
 * word list anew, so words readers never see stop being found or suggested.
 */
export const ARTICLE_TEXT_VERSION = 1;
const TEXT_REFRESH_LOCK_ID = 7_283_032;

/** The text of a version being published (for its row), with its words added to the list. */
export async function publishedText(tx: Executor, version: { title: string; summary: string; body: string }) {
  const text = plainText(version.body);
  const words = wordsOf(`${version.title} ${version.summary} ${text}`);
  if (words.length > 0) await tx.insert(kbWords).values(words.map((word) => ({ word }))).onConflictDoNothing();
  return { plainText: text, textVersion: ARTICLE_TEXT_VERSION };
}

/**
 * Background work: every published article whose text an earlier plainText wrote, written again, then the
 * word list made from the published articles alone; how many were written. One process at a time
 * (an advisory lock; another finds it taken and leaves them), the articles locked, so a publish
 * meanwhile waits rather than being overwritten with its old body. Most passes find nothing and
 * end after one small read.
 */
export async function refreshArticleText(tx: Executor): Promise<number> {
  // Only what readers can find: a draft or an archived article gets its text when it is published.
  const stale = () =>
    tx
      .select({ id: kbArticles.id, body: kbArticles.body })
      .from(kbArticles)
      .where(and(eq(kbArticles.status, "published"), lt(kbArticles.textVersion, ARTICLE_TEXT_VERSION)));
  if ((await stale().limit(1)).length === 0) return 0;
  // Another process writing them now: it will have done them all (they are locked meanwhile).
  const [lock] = rowsOf<{ taken: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${TEXT_REFRESH_LOCK_ID}) as taken`));
  if (!lock?.taken) return 0;
  const articles = await stale().orderBy(asc(kbArticles.id)).for("update");
  for (const article of articles) {
    await tx.update(kbArticles).set({ plainText: plainText(article.body), textVersion: ARTICLE_TEXT_VERSION }).where(eq(kbArticles.id, article.id));
  }
  if (articles.length > 0) await rebuildWords(tx);
  return articles.length;
}

/** The word list anew, from the published articles' titles, summaries and text: words that came only from hidden text, or from articles no longer published, go. */
async function rebuildWords(tx: Executor) {
  // A publish adds its words to the list: it waits until the list is made, and one that added
  // them already is waited for, so its article is among those read here.
  await tx.execute(sql`lock table ${kbWords} in exclusive mode`);
  const published = await tx.select({ title: kbArticles.title, summary: kbArticles.summary, plainText: kbArticles.plainText }).from(kbArticles).where(eq(kbArticles.status, "published"));
  const words = [...new Set(published.flatMap((article) => wordsOf(`${article.title} ${article.summary} ${article.plainText}`)))];
  await tx.delete(kbWords);
  for (let start = 0; start < words.length; start += 1000) {
    await tx.insert(kbWords).values(words.slice(start, start + 1000).map((word) => ({ word }))).onConflictDoNothing();
  }
}
