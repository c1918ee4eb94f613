import { and, asc, desc, eq, inArray, sql, TransactionRollbackError } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { db, type Executor } from "@/lib/db";
import { customers, kbArticles, kbArticleVersions, kbVotes, type KbArticle } from "@/lib/db/schema";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { assertRole, type StaffMember } from "@/lib/staff/access";
import { publishVersion, slugFree, type ArticleDraft } from "./articles";
import { textSearchConfiguration } from "./search-config";

/**
 * The staff editor (issue 31). Agents write and edit; admins publish and archive (publishing
 * changes what every customer reads, so it takes the same role that manages customers). Every
 * save is a new version; an edit names the version it started from, and a save made from an older
 * one is refused as a conflict — one conditional UPDATE, so of two people saving at once exactly
 * one wins and the other is told, never silently overwritten. Every change is audited.
 */
export type EditOutcome =
  | { ok: true; articleId: number; version: number }
  | { ok: false; reason: "not_found" | "slug_taken" | "translation_exists" }
  | { ok: false; reason: "conflict"; latestVersion: number };

function auditDetails(article: Pick<KbArticle, "id" | "locale" | "slug">, version: number, extra: Record<string, unknown> = {}) {
  return { article: article.id, locale: article.locale, slug: article.slug, version, ...extra };
}

/** A new article, or a new language of an existing one (translationOf: any language's article id). */
export async function createArticle(staff: StaffMember, locale: Locale, draft: ArticleDraft, options: { translationOf?: number }, actor: AuditActor): Promise<EditOutcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    let groupId: number | null = null;
    if (options.translationOf !== undefined) {
      const [original] = await tx.select().from(kbArticles).where(eq(kbArticles.id, options.translationOf)).for("update");
      if (!original) return { ok: false, reason: "not_found" };
      const [existing] = await tx.select({ id: kbArticles.id }).from(kbArticles).where(and(eq(kbArticles.groupId, original.groupId), eq(kbArticles.locale, locale)));
      if (existing) return { ok: false, reason: "translation_exists" };
      groupId = original.groupId;
    }
    if (!(await slugFree(tx, locale, draft.slug, null))) return { ok: false, reason: "slug_taken" };
    const [created] = await tx
      .insert(kbArticles)
      .values({ ...draft, groupId: groupId ?? 0, locale, searchConfig: textSearchConfiguration(locale), status: "draft", latestVersion: 1 })
      .onConflictDoNothing()
      .returning();
    if (!created) return { ok: false, reason: "slug_taken" };
    if (groupId === null) await tx.update(kbArticles).set({ groupId: created.id }).where(eq(kbArticles.id, created.id));
    await tx.insert(kbArticleVersions).values({ articleId: created.id, number: 1, ...draft, authorId: staff.id });
    await recordAudit({ event: "kb_article_created", ...actor, details: auditDetails(created, 1, groupId === null ? {} : { translationOf: options.translationOf }) }, tx);
    return { ok: true, articleId: created.id, version: 1 };
  });
}

/** Takes the next version number, if nobody saved since `baseVersion`. */
async function nextVersion(tx: Executor, articleId: number, baseVersion: number): Promise<{ article: KbArticle } | { outcome: EditOutcome }> {
  const [article] = await tx
    .update(kbArticles)
    .set({ latestVersion: sql`${kbArticles.latestVersion} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kbArticles.id, articleId), eq(kbArticles.latestVersion, baseVersion)))
    .returning();
  if (article) return { article };
  const [current] = await tx.select({ latestVersion: kbArticles.latestVersion }).from(kbArticles).where(eq(kbArticles.id, articleId));
  return { outcome: current ? { ok: false, reason: "conflict", latestVersion: current.latestVersion } : { ok: false, reason: "not_found" } };
}

async function saveVersion(staff: StaffMember, articleId: number, baseVersion: number, draft: ArticleDraft, restoredFrom: number | null, actor: AuditActor): Promise<EditOutcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const taken = await nextVersion(tx, articleId, baseVersion);
    if ("outcome" in taken) return taken.outcome;
    const { article } = taken;
    // Refused after taking the number, so the rollback gives it back.
    if (!(await slugFree(tx, article.locale, draft.slug, article.id))) tx.rollback();
    const number = article.latestVersion;
    await tx.insert(kbArticleVersions).values({ articleId, number, ...draft, authorId: staff.id, restoredFrom });
    // An article never published shows its latest draft in the staff list and holds its slug.
    if (article.publishedVersion === null) await tx.update(kbArticles).set(draft).where(eq(kbArticles.id, articleId));
    await recordAudit({ event: restoredFrom === null ? "kb_article_saved" : "kb_article_restored", ...actor, details: auditDetails(article, number, restoredFrom === null ? {} : { restoredFrom }) }, tx);
    return { ok: true, articleId, version: number } as const;
  }).catch((error: unknown) => {
    // Refused by the check, or by the unique index when another article took the slug meanwhile.
    if (isRollback(error) || isUniqueViolation(error)) return { ok: false, reason: "slug_taken" } as const;
    throw error;
  });
}

function isRollback(error: unknown): boolean {
  return error instanceof TransactionRollbackError;
}

/** Saves an edit as the next version; refused as a conflict when someone saved since `baseVersion`. */
export function saveDraft(staff: StaffMember, articleId: number, baseVersion: number, draft: ArticleDraft, actor: AuditActor): Promise<EditOutcome> {
  return saveVersion(staff, articleId, baseVersion, draft, null, actor);
}

/** An old version, saved again as the newest (it is published like any other). */
export async function restoreVersion(staff: StaffMember, articleId: number, number: number, baseVersion: number, actor: AuditActor): Promise<EditOutcome> {
  const old = await articleVersion(articleId, number);
  if (!old) return { ok: false, reason: "not_found" };
  const { slug, title, category, summary, body } = old;
  return saveVersion(staff, articleId, baseVersion, { slug, title, category, summary, body }, number, actor);
}

/** Admins: makes a version what readers see. */
export async function publishArticle(staff: StaffMember, articleId: number, number: number, actor: AuditActor): Promise<EditOutcome> {
  assertRole(staff, "admin");
  return (await db()).transaction(async (tx): Promise<EditOutcome> => {
    const [article] = await tx.select().from(kbArticles).where(eq(kbArticles.id, articleId)).for("update");
    const [version] = article ? await tx.select().from(kbArticleVersions).where(and(eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.number, number))) : [];
    if (!article || !version) return { ok: false, reason: "not_found" };
    if (!(await slugFree(tx, article.locale, version.slug, article.id))) return { ok: false, reason: "slug_taken" };
    await publishVersion(tx, article, version);
    await recordAudit({ event: "kb_article_published", ...actor, details: auditDetails(article, number, version.slug === article.slug ? {} : { slug: version.slug, previousSlug: article.slug }) }, tx);
    return { ok: true, articleId, version: number };
  }).catch((error: unknown) => {
    // Another article took the slug between the check and the write.
    if (isUniqueViolation(error)) return { ok: false, reason: "slug_taken" } as const;
    throw error;
  });
}

/** Admins: readers get "410 Gone" with a link to search; the article stays here and can be published again. */
export async function archiveArticle(staff: StaffMember, articleId: number, actor: AuditActor): Promise<EditOutcome> {
  assertRole(staff, "admin");
  const database = await db();
  return database.transaction(async (tx) => {
    // Only a published article is withdrawn: a draft was never public (its title would show on the withdrawn page).
    const [article] = await tx
      .update(kbArticles)
      .set({ status: "archived", updatedAt: sql`now()` })
      .where(and(eq(kbArticles.id, articleId), inArray(kbArticles.status, ["published", "archived"])))
      .returning();
    if (!article) return { ok: false, reason: "not_found" };
    await recordAudit({ event: "kb_article_archived", ...actor, details: auditDetails(article, article.latestVersion) }, tx);
    return { ok: true, articleId, version: article.latestVersion };
  });
}

const author = alias(customers, "author");

export async function articleVersion(articleId: number, number: number) {
  const [version] = await (await db())
    .select()
    .from(kbArticleVersions)
    .where(and(eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.number, number)));
  return version;
}

/** The editor's view of an article: its row, its newest version, every version, its other languages, its votes. */
export async function articleForEditing(articleId: number) {
  const database = await db();
  const [article] = await database.select().from(kbArticles).where(eq(kbArticles.id, articleId));
  if (!article) return undefined;
  const versions = await database
    .select({ number: kbArticleVersions.number, slug: kbArticleVersions.slug, title: kbArticleVersions.title, createdAt: kbArticleVersions.createdAt, restoredFrom: kbArticleVersions.restoredFrom, author: { id: author.id, username: author.username, name: author.name } })
    .from(kbArticleVersions)
    .leftJoin(author, eq(author.id, kbArticleVersions.authorId))
    .where(eq(kbArticleVersions.articleId, articleId))
    .orderBy(desc(kbArticleVersions.number));
  const latest = await articleVersion(articleId, article.latestVersion);
  const translations = await database
    .select({ id: kbArticles.id, locale: kbArticles.locale, title: kbArticles.title, status: kbArticles.status })
    .from(kbArticles)
    .where(and(eq(kbArticles.groupId, article.groupId), sql`${kbArticles.id} <> ${article.id}`))
    .orderBy(asc(kbArticles.locale));
  const [votes] = await database
    .select({ helpful: sql<number>`count(*) filter (where ${kbVotes.helpful})`.mapWith(Number), notHelpful: sql<number>`count(*) filter (where not ${kbVotes.helpful})`.mapWith(Number) })
    .from(kbVotes)
    .where(eq(kbVotes.articleId, articleId));
  const comments = await database
    .select({ helpful: kbVotes.helpful, comment: kbVotes.comment, at: kbVotes.at })
    .from(kbVotes)
    .where(and(eq(kbVotes.articleId, articleId), sql`${kbVotes.comment} is not null`))
    .orderBy(desc(kbVotes.at))
    .limit(10);
  return { article, latest, versions, translations, votes: votes ?? { helpful: 0, notHelpful: 0 }, comments };
}

export const staffArticleSorts = ["updated", "views", "helpful"] as const;
export type StaffArticleSort = (typeof staffArticleSorts)[number];

/** Every article in every state and language, for the staff list. "helpful": most helpful votes net of unhelpful ones first. */
export async function staffArticleList(sort: StaffArticleSort, locale?: string) {
  const votes = (await db())
    .select({
      articleId: kbVotes.articleId,
      helpful: sql<number>`count(*) filter (where ${kbVotes.helpful})`.as("helpful"),
      notHelpful: sql<number>`count(*) filter (where not ${kbVotes.helpful})`.as("not_helpful"),
    })
    .from(kbVotes)
    .groupBy(kbVotes.articleId)
    .as("votes");
  const order = {
    updated: [desc(kbArticles.updatedAt), asc(kbArticles.id)],
    views: [desc(kbArticles.views), asc(kbArticles.id)],
    helpful: [sql`coalesce(${votes.helpful}, 0) - coalesce(${votes.notHelpful}, 0) desc`, sql`coalesce(${votes.helpful}, 0) desc`, asc(kbArticles.id)],
  }[sort];
  return (await db())
    .select({
      id: kbArticles.id,
      locale: kbArticles.locale,
      slug: kbArticles.slug,
      title: kbArticles.title,
      category: kbArticles.category,
      status: kbArticles.status,
      latestVersion: kbArticles.latestVersion,
      publishedVersion: kbArticles.publishedVersion,
      views: kbArticles.views,
      updatedAt: kbArticles.updatedAt,
      helpful: sql<number>`coalesce(${votes.helpful}, 0)`.mapWith(Number),
      notHelpful: sql<number>`coalesce(${votes.notHelpful}, 0)`.mapWith(Number),
    })
    .from(kbArticles)
    .leftJoin(votes, eq(votes.articleId, kbArticles.id))
    .where(locale && isLocale(locale) ? eq(kbArticles.locale, locale) : undefined)
    .orderBy(...order)
    .limit(500);
}
