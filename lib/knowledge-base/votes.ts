import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles, kbVotes } from "@/lib/db/schema";

/**
 * "Was this helpful?" (issue 31): anyone may answer, without an account. One vote per browser per
 * article — the browser is a random cookie, kept only as a hash here; voting again changes the
 * vote. The action limits votes per client (kbVotesPerIp), since a browser can drop its cookie.
 */
export const VOTE_COMMENT_MAX = 1000;

export function voterKey(cookieValue: string): string {
  return createHash("sha256").update(`kb-voter:${cookieValue}`).digest("hex");
}

/** Records (or changes) this browser's vote on a published article; false when there is no such article. */
export async function recordVote(slug: string, locale: string, voter: string, helpful: boolean, comment: string | null): Promise<boolean> {
  const database = await db();
  const [article] = await database
    .select({ id: kbArticles.id })
    .from(kbArticles)
    .where(and(eq(kbArticles.slug, slug), eq(kbArticles.locale, locale), eq(kbArticles.status, "published")));
  if (!article) return false;
  const text = comment?.trim() ? comment.trim().slice(0, VOTE_COMMENT_MAX) : null;
  await database
    .insert(kbVotes)
    .values({ articleId: article.id, voter, helpful, comment: text })
    .onConflictDoUpdate({ target: [kbVotes.articleId, kbVotes.voter], set: { helpful, comment: text, at: sql`now()` } });
  return true;
}
