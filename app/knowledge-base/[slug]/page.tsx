import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { articleHtml } from "@/lib/support/article-html";
import { readArticle } from "@/lib/support/knowledge-base";

type ArticlePageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("knowledgeBase"))("title") };
}

export default async function ArticlePage({ params }: ArticlePageProps) {
  const locale = await getLocale();
  const article = await readArticle((await params).slug, locale);
  if (!article) notFound();
  const t = await getTranslations("knowledgeBase");
  const html = articleHtml(article.body);
  // An article not yet translated is shown in English, marked so for readers and screen readers.
  const untranslated = article.locale !== locale;
  return (
    <article aria-labelledby="article-heading" className="card">
      <p className="text-sm">
        <Link href="/knowledge-base">{t("title")}</Link> › <span lang={untranslated ? article.locale : undefined}>{article.category}</span>
      </p>
      {untranslated && (
        <p role="note" className="mt-3 rounded-md border-l-4 border-brand-600 bg-brand-100 px-4 py-3">
          {t("untranslatedNote")}
        </p>
      )}
      <div lang={untranslated ? article.locale : undefined}>
        <h1 id="article-heading" className="mb-4 mt-2 text-2xl font-bold">
          {article.title}
        </h1>
        <div className="kb-article space-y-3" dangerouslySetInnerHTML={{ __html: html }} />
      </div>
      <p className="mt-6 border-t border-slate-200 pt-4">
        {t.rich("stillNeedHelp", {
          create: (chunks) => <Link href="/support/cases/new">{chunks}</Link>,
          contact: (chunks) => <Link href="/contact">{chunks}</Link>,
        })}
      </p>
    </article>
  );
}
