import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";
import { isLocale } from "@/lib/i18n/locales";
import { readArticle } from "@/lib/knowledge-base/reading";
import { articleHtml } from "@/lib/support/article-html";
import { VOTE_COMMENT_MAX } from "@/lib/knowledge-base/votes";
import { Notice } from "@/components/notice";
import { voteAction } from "./actions";
import { withPageNotFound } from "@/lib/http/page-not-found";

type ArticlePageProps = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The language to show: ?lang= (the hreflang links and "read it in …" carry it, since the portal's
 * URLs otherwise carry no language), else the reader's.
 */
async function pageLocale(searchParams: ArticlePageProps["searchParams"]): Promise<string> {
  const asked = (await searchParams).lang;
  return typeof asked === "string" && isLocale(asked) ? asked : await getLocale();
}

// Metadata and page share one lookup (it counts the view).
const lookup = cache((slug: string, locale: string) => readArticle(slug, locale));

export async function generateMetadata({ params, searchParams }: ArticlePageProps): Promise<Metadata> {
  const t = await getTranslations("knowledgeBase");
  const found = await lookup((await params).slug, await pageLocale(searchParams));
  if (found.kind !== "article") return { title: t("title") };
  const languages = Object.fromEntries(found.translations.map((translation) => [translation.locale, `/knowledge-base/${translation.slug}?lang=${translation.locale}`]));
  return { title: found.article.title, alternates: { languages } };
}

const voteNotices = ["thanks", "limited"] as const;

async function ArticlePage({ params, searchParams }: ArticlePageProps) {
  const { slug } = await params;
  const locale = await pageLocale(searchParams);
  const found = await lookup(slug, locale);
  const t = await getTranslations("knowledgeBase");
  if (found.kind === "none") notFound();
  if (found.kind === "moved") permanentRedirect(`/knowledge-base/${found.slug}`);
  if (found.kind === "archived") {
    // Answered with 410 by proxy.ts; this is the page it shows.
    return (
      <section aria-labelledby="article-heading" className="card space-y-3">
        <h1 id="article-heading" className="text-2xl font-bold">
          {t("withdrawnHeading")}
        </h1>
        <p>{t("withdrawn", { title: found.title })}</p>
        <p>
          <Link href="/search">{t("searchInstead")}</Link> · <Link href="/knowledge-base">{t("title")}</Link>
        </p>
      </section>
    );
  }
  const { article, translations } = found;
  const html = articleHtml(article.body);
  const languageName = new Intl.DisplayNames([locale], { type: "language" });
  const voted = (await searchParams).voted;
  const voteNotice = voteNotices.find((notice) => notice === voted);
  // An article not yet translated is shown in another language, marked so for readers and screen readers.
  const untranslated = article.locale !== locale;
  const others = translations.filter((translation) => translation.locale !== article.locale);
  return (
    <article aria-labelledby="article-heading" className="card">
      <p className="text-sm">
        <Link href="/knowledge-base">{t("title")}</Link> › <span lang={untranslated ? article.locale : undefined}>{article.category}</span>
      </p>
      {untranslated && (
        <Notice tone="note" className="mt-3">
          {t("untranslatedNote", { language: languageName.of(locale) ?? locale, shown: languageName.of(article.locale) ?? article.locale })}
        </Notice>
      )}
      <div lang={untranslated ? article.locale : undefined}>
        <h1 id="article-heading" className="mb-4 mt-2 text-2xl font-bold">
          {article.title}
        </h1>
        <div className="kb-article space-y-3" dangerouslySetInnerHTML={{ __html: html }} />
      </div>
      {others.length > 0 && (
        <p className="mt-4 text-sm">
          {others.map((other) => (
            <Link key={other.locale} href={`/knowledge-base/${other.slug}?lang=${other.locale}`} hrefLang={other.locale} lang={other.locale} className="mr-4">
              {t("readIn", { language: languageName.of(other.locale) ?? other.locale })}
            </Link>
          ))}
        </p>
      )}
      <section aria-labelledby="helpful-heading" className="mt-6 border-t border-slate-200 pt-4">
        <h2 id="helpful-heading" className="text-lg font-semibold">
          {t("helpfulHeading")}
        </h2>
        {voteNotice ? (
          <p role="status" className="mt-2">
            {t(`vote.${voteNotice}`)}
          </p>
        ) : (
          <form id="vote-form" action={voteAction} className="mt-2 space-y-3">
            <input type="hidden" name="slug" value={article.slug} />
            <input type="hidden" name="locale" value={article.locale} />
            <div>
              <label htmlFor="vote-comment" className="block font-semibold">
                {t("vote.commentLabel")}
              </label>
              <textarea id="vote-comment" name="comment" rows={2} maxLength={VOTE_COMMENT_MAX} className="mt-1 w-full" aria-describedby="vote-comment-hint" />
              <p id="vote-comment-hint" className="text-sm text-slate-600">
                {t("vote.commentHint")}
              </p>
            </div>
            <div className="flex gap-3">
              <button type="submit" name="helpful" value="yes" className="button-secondary">
                {t("vote.yes")}
              </button>
              <button type="submit" name="helpful" value="no" className="button-secondary">
                {t("vote.no")}
              </button>
            </div>
          </form>
        )}
      </section>
      <p className="mt-6 border-t border-slate-200 pt-4">
        {t.rich("stillNeedHelp", {
          create: (chunks) => <Link href="/support/cases/new">{chunks}</Link>,
          contact: (chunks) => <Link href="/contact">{chunks}</Link>,
        })}
      </p>
    </article>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(ArticlePage);
