import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { articleHtml } from "@/lib/support/article-html";
import { readArticle } from "@/lib/support/knowledge-base";

type ArticlePageProps = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Knowledge Base" };

export default async function ArticlePage({ params }: ArticlePageProps) {
  const article = await readArticle((await params).slug);
  if (!article) notFound();
  const html = articleHtml(article.body);
  return (
    <article aria-labelledby="article-heading" className="card">
      <p className="text-sm">
        <Link href="/knowledge-base">Knowledge Base</Link> › {article.category}
      </p>
      <h1 id="article-heading" className="mb-4 mt-2 text-2xl font-bold">
        {article.title}
      </h1>
      <div className="kb-article space-y-3" dangerouslySetInnerHTML={{ __html: html }} />
      <p className="mt-6 border-t border-slate-200 pt-4">
        Still need help? <Link href="/support/cases/new">Create a case</Link> or <Link href="/contact">contact us</Link>.
      </p>
    </article>
  );
}
