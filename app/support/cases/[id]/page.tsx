import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CaseStatus } from "@/components/case-status";
import { CategoryName } from "@/components/case-category";
import { requireCustomer } from "@/lib/auth/current-customer";
import { findCase } from "@/lib/support/cases";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cases"))("caseTitle") };
}

type CasePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CasePage({ params, searchParams }: CasePageProps) {
  const { id } = await params;
  const { customer } = await requireCustomer(`/support/cases/${encodeURIComponent(id)}`);
  // Another customer's case is "not found", the same as one that does not exist.
  const found = await findCase(customer.id, id);
  if (!found) notFound();
  const t = await getTranslations("cases");
  const format = await getFormatter();
  const created = (await searchParams).created === "1";
  return (
    <article aria-labelledby="case-heading" className="card space-y-4">
      <p className="text-sm">
        <Link href="/support/cases">{t("myCases")}</Link>
      </p>
      {created && (
        <p role="status" className="rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
          {t("createdNotice")}
        </p>
      )}
      <h1 id="case-heading" className="text-2xl font-bold">
        {t("caseLink", { number: found.id, subject: found.subject })}
      </h1>
      <p>
        <CaseStatus status={found.status} />{" "}
        <span className="ml-2 text-slate-700">
          <CategoryName category={found.category} />
        </span>
      </p>
      <p className="whitespace-pre-wrap break-words">{found.description}</p>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-xl font-semibold">
          {t("history")}
        </h2>
        <ol className="space-y-2">
          {found.history.map((event) => (
            <li key={event.id} className="border-l-4 border-slate-300 pl-3">
              <p className="text-sm text-slate-600">{t("eventTime", { time: format.dateTime(event.at, { dateStyle: "medium", timeStyle: "short" }) })}</p>
              <p className="whitespace-pre-wrap break-words">{event.kind === "created" ? t("events.created") : event.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
