import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles, kbArticleVersions } from "@/lib/db/schema";
import { availableLocales, DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { publishVersion } from "./articles";
import { textSearchConfiguration } from "./search-config";

/**
 * content/knowledge-base/<language>/*.md seeds an empty Knowledge Base (a new installation, the
 * demo, tests) — issue 31: once there is any article, the support team's edits are the source and
 * the files are never read again. Each file becomes a published article, version 1, at the
 * address it always had (/knowledge-base/<file name>); files of the same name in different
 * languages are one article's translations.
 */
const CONTENT_DIR = path.join(process.cwd(), "content", "knowledge-base");

// Any constant: instances starting together take turns, so only one seeds.
const SEED_LOCK_ID = 7_283_031;

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

/** Seeds the Knowledge Base from the files when it has no article at all; returns how many it added. */
export async function seedKnowledgeBase(root = CONTENT_DIR): Promise<number> {
  const byLocale = new Map<string, ArticleFile[]>();
  // The default language first, so a translation finds its original's group.
  const locales = [DEFAULT_LOCALE, ...availableLocales().filter((locale) => locale !== DEFAULT_LOCALE)];
  for (const locale of locales) byLocale.set(locale, await readArticleFiles(path.join(/*turbopackIgnore: true*/ root, locale)));
  return (await db()).transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    const [any] = await tx.select({ id: kbArticles.id }).from(kbArticles).limit(1);
    if (any) return 0;
    const groups = new Map<string, number>();
    let added = 0;
    for (const [locale, files] of byLocale) {
      for (const { popular, ...fields } of files) {
        // "Popular" articles start ahead; views then decide the order.
        const [article] = await tx
          .insert(kbArticles)
          .values({ ...fields, groupId: groups.get(fields.slug) ?? 0, locale, searchConfig: textSearchConfiguration(locale), latestVersion: 1, views: popular ? 1 : 0 })
          .returning();
        if (!groups.has(fields.slug)) {
          groups.set(fields.slug, article.id);
          await tx.update(kbArticles).set({ groupId: article.id }).where(eq(kbArticles.id, article.id));
        }
        await tx.insert(kbArticleVersions).values({ articleId: article.id, number: 1, ...fields });
        await publishVersion(tx, { ...article, publishedVersion: null }, { ...fields, number: 1 });
        added += 1;
      }
    }
    return added;
  });
}
