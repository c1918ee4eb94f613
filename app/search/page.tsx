import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { HighlightedText } from "@/components/highlighted-text";
import { searchArticles } from "@/lib/knowledge-base/search";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("search"))("title") };
}

type SearchPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const locale = await getLocale();
  const t = await getTranslations("search");
  const outcome = await searchArticles((await searchParams).q, locale);
  return (
    <section aria-labelledby="search-heading" className="space-y-4">
      <h1 id="search-heading" className="text-2xl font-bold">
        {t("title")}
      </h1>
      <form role="search" aria-label={t("boxLabel")} action="/search" method="get" className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 grow">
          <label htmlFor="results-search" className="block font-semibold">
            {t("boxLabel")}
          </label>
          <input id="results-search" name="q" type="search" defaultValue={outcome.query} maxLength={200} className="mt-1 w-full" />
        </div>
        <button type="submit" className="button-primary">
          {t("submit")}
        </button>
      </form>
      {outcome.kind === "results" && outcome.correctedTo && outcome.hits.length > 0 && (
        <p role="note">{t("correctedTo", { query: outcome.query, corrected: outcome.correctedTo })}</p>
      )}
      {outcome.kind === "empty" ? (
        <p>{t("empty")}</p>
      ) : outcome.hits.length === 0 ? (
        <div className="card space-y-2">
          <p role="status">{t("noMatches", { query: outcome.query })}</p>
          <p>
            {t.rich("noMatchesHelp", {
              browse: (chunks) => <Link href="/knowledge-base">{chunks}</Link>,
              contact: (chunks) => <Link href="/contact">{chunks}</Link>,
            })}
          </p>
        </div>
      ) : (
        <>
          <p role="status">{t("matches", { count: outcome.hits.length, query: outcome.correctedTo ?? outcome.query })}</p>
          <ol className="space-y-3">
            {outcome.hits.map((hit) => (
              <li key={hit.slug} className="card" lang={hit.locale === locale ? undefined : hit.locale}>
                <Link href={`/knowledge-base/${hit.slug}`} className="text-lg font-semibold">
                  <HighlightedText text={hit.titleHighlight} />
                </Link>
                <p className="text-sm text-slate-600">{hit.category}</p>
                <p className="mt-1">
                  <HighlightedText text={hit.excerpt} />…
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
