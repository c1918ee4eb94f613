import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Search" };

type SearchPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const { q } = await searchParams;
  const query = typeof q === "string" ? q.trim().slice(0, 200) : "";
  return (
    <ComingSoon title="Search">
      {query ? <p>You searched for “{query}”.</p> : <p>Type a word or two into the search box at the top of the page.</p>}
      <p>
        Searching the Knowledge Base arrives with its articles. Meanwhile, <Link href="/knowledge-base">browse the Knowledge Base</Link> or{" "}
        <Link href="/contact">contact us</Link>.
      </p>
    </ComingSoon>
  );
}
