import type { Metadata } from "next";
import Link from "next/link";
import { HighlightedText } from "@/components/highlighted-text";
import { searchArticles } from "@/lib/support/knowledge-base";

export const metadata: Metadata = { title: "Search" };

type SearchPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const outcome = await searchArticles((await searchParams).q);
  return (
    <section aria-labelledby="search-heading" className="space-y-4">
      <h1 id="search-heading" className="text-2xl font-bold">
        Search
      </h1>
      {outcome.kind === "empty" ? (
        <p>Type a word or two into the search box at the top of the page, for example “password” or “case”.</p>
      ) : outcome.hits.length === 0 ? (
        <div className="card space-y-2">
          <p role="status">No articles match “{outcome.query}”.</p>
          <p>
            Try other words, <Link href="/knowledge-base">browse the Knowledge Base</Link>, or <Link href="/contact">contact us</Link>.
          </p>
        </div>
      ) : (
        <>
          <p role="status">
            {outcome.hits.length} article{outcome.hits.length === 1 ? "" : "s"} match “{outcome.query}”.
          </p>
          <ol className="space-y-3">
            {outcome.hits.map((hit) => (
              <li key={hit.slug} className="card">
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
