import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CaseStatus } from "@/components/case-status";
import { requireCustomer } from "@/lib/auth/current-customer";
import { findCase } from "@/lib/support/cases";

export const metadata: Metadata = { title: "Case" };

type CasePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CasePage({ params, searchParams }: CasePageProps) {
  const { id } = await params;
  const { customer } = await requireCustomer(`/support/cases/${encodeURIComponent(id)}`);
  // Another customer's case is "not found", the same as one that does not exist.
  const found = await findCase(customer.id, id);
  if (!found) notFound();
  const created = (await searchParams).created === "1";
  return (
    <article aria-labelledby="case-heading" className="card space-y-4">
      <p className="text-sm">
        <Link href="/support/cases">My cases</Link>
      </p>
      {created && (
        <p role="status" className="rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
          Your case has been created. We have sent you a confirmation email.
        </p>
      )}
      <h1 id="case-heading" className="text-2xl font-bold">
        Case {found.id}: {found.subject}
      </h1>
      <p>
        <CaseStatus status={found.status} /> <span className="ml-2 text-slate-700">{found.category}</span>
      </p>
      <p className="whitespace-pre-wrap break-words">{found.description}</p>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-xl font-semibold">
          History
        </h2>
        <ol className="space-y-2">
          {found.history.map((event) => (
            <li key={event.id} className="border-l-4 border-slate-300 pl-3">
              <p className="text-sm text-slate-600">{event.at.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC</p>
              <p>{event.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
