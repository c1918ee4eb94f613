import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { articlesByCategory } from "@/lib/knowledge-base/reading";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("knowledgeBase"))("title") };
}

export default async function KnowledgeBasePage() {
  const locale = await getLocale();
  const t = await getTranslations("knowledgeBase");
  const categories = await articlesByCategory(locale);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p>{t("intro")}</p>
      {categories.map(({ category, articles }, index) => (
        <section key={category} aria-labelledby={`category-${index}`} className="card">
          <h2 id={`category-${index}`} className="mb-3 text-xl font-semibold">
            {category}
          </h2>
          <ul className="space-y-3">
            {articles.map((article) => (
              <li key={article.slug} lang={article.locale === locale ? undefined : article.locale}>
                <Link href={`/knowledge-base/${article.slug}`} className="font-semibold">
                  {article.title}
                </Link>
                {article.locale !== locale && <span className="ml-2 text-sm text-slate-600" lang={locale}>{t("untranslatedMark")}</span>}
                <p className="text-slate-700">{article.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
