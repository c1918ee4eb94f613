import { and, asc, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles, kbWords } from "@/lib/db/schema";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { bareWord } from "./plain-text";
import { summaryColumns, visibleIn, type ArticleSummary } from "./reading";

// Markers that cannot occur in article text (the editor's form refuses control characters); the
// page turns the text between them into <mark>. ts_headline copies article text as it is, so
// its output is only ever rendered as text (components/highlighted-text.tsx), never as HTML.
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

export type SearchHit = ArticleSummary & { rank: number; titleHighlight: string; excerpt: string };
export type SearchOutcome =
  | { query: string; kind: "empty" }
  // correctedTo: the query searched instead, when the one typed found nothing ("pasword" → "password").
  | { query: string; kind: "results"; hits: SearchHit[]; correctedTo?: string };

async function rankedSearch(query: string, locale: Locale): Promise<SearchHit[]> {
  const tsQuery = sql`websearch_to_tsquery(${kbArticles.searchConfig}, ${query})`;
  const options = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2`;
  return (await db())
    .select({
      ...summaryColumns,
      rank: sql<number>`ts_rank_cd(${kbArticles.search}, ${tsQuery})`.mapWith(Number),
      titleHighlight: sql<string>`ts_headline(${kbArticles.searchConfig}, ${kbArticles.title}, ${tsQuery}, ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`})`,
      // Excerpts come from the plain text, so readers see words, not Markdown.
      excerpt: sql<string>`ts_headline(${kbArticles.searchConfig}, ${kbArticles.summary} || ' ' || ${kbArticles.plainText}, ${tsQuery}, ${options})`,
    })
    .from(kbArticles)
    .where(and(visibleIn(locale), sql`${kbArticles.search} @@ ${tsQuery}`))
    .orderBy(sql`ts_rank_cd(${kbArticles.search}, ${tsQuery}) desc`, asc(kbArticles.title))
    .limit(20);
}

/**
 * The query with each word that no published article contains replaced by the most similar one
 * that some article does (pg_trgm over kb_words); undefined when nothing would change.
 */
async function correctedQuery(query: string): Promise<string | undefined> {
  const database = await db();
  let changed = false;
  const words: string[] = [];
  for (const match of query.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = bareWord(match[0]);
    const [closest] = await database
      .select({ word: kbWords.word, exact: sql<boolean>`${kbWords.word} = ${word}` })
      .from(kbWords)
      .where(sql`${kbWords.word} % ${word}`)
      .orderBy(sql`${kbWords.word} = ${word} desc`, sql`similarity(${kbWords.word}, ${word}) desc`, asc(kbWords.word))
      .limit(1);
    if (closest && !closest.exact) changed = true;
    words.push(closest ? closest.word : word);
    if (words.length >= 8) break;
  }
  return changed ? words.join(" ") : undefined;
}

/**
 * Ranked full-text search over titles (weight A), summaries (B) and bodies (C), each article with
 * its own language's configuration (stemming, accents ignored). Any input is safe:
 * websearch_to_tsquery accepts free text, and a query of nothing searchable finds nothing. A query
 * that finds nothing is tried once more with its misspelt words corrected.
 */
export async function searchArticles(raw: unknown, locale: Locale = DEFAULT_LOCALE): Promise<SearchOutcome> {
  const query = typeof raw === "string" ? raw.replace(/[\u0000-\u001f]/g, " ").trim().slice(0, 200) : "";
  if (!/[\p{L}\p{N}]/u.test(query)) return { query, kind: "empty" };
  const hits = await rankedSearch(query, locale);
  if (hits.length > 0) return { query, kind: "results", hits };
  const corrected = await correctedQuery(query);
  if (!corrected) return { query, kind: "results", hits };
  return { query, kind: "results", hits: await rankedSearch(corrected, locale), correctedTo: corrected };
}
