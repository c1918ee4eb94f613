import type { Metadata } from "next";
import Link from "next/link";
import { articlesByCategory } from "@/lib/support/knowledge-base";

export const metadata: Metadata = { title: "Knowledge Base" };

export default async function KnowledgeBasePage() {
  const categories = await articlesByCategory();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Knowledge Base</h1>
      <p>Answers to common questions. Search with the box at the top of the page, or browse by topic.</p>
      {categories.map(({ category, articles }) => (
        <section key={category} aria-labelledby={`category-${category}`} className="card">
          <h2 id={`category-${category}`} className="mb-3 text-xl font-semibold">
            {category}
          </h2>
          <ul className="space-y-3">
            {articles.map((article) => (
              <li key={article.slug}>
                <Link href={`/knowledge-base/${article.slug}`} className="font-semibold">
                  {article.title}
                </Link>
                <p className="text-slate-700">{article.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
