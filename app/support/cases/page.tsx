import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CaseStatus } from "@/components/case-status";
import { CategoryName } from "@/components/case-category";
import { requireCustomer } from "@/lib/auth/current-customer";
import { listCases } from "@/lib/support/cases";
import { readerTimes } from "@/i18n/reader-times";
import { Notice } from "@/components/notice";
import { PageHeading } from "@/components/page-heading";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cases"))("myCases") };
}

export default async function MyCasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { customer } = await requireCustomer("/support/cases");
  const held = (await searchParams).held === "1";
  const t = await getTranslations("cases");
  const times = await readerTimes();
  const cases = await listCases(customer.id);
  return (
    <section aria-labelledby="cases-heading" className="space-y-4">
      <PageHeading
        id="cases-heading"
        action={
          <Link href="/support/cases/new" className="button-primary">
            {t("create")}
          </Link>
        }
      >
        {t("myCases")}
      </PageHeading>
      {held && (
        <Notice tone="success">
          {t("scanPendingNotice")}
        </Notice>
      )}
      {cases.length === 0 ? (
        <p className="card">{t("none")}</p>
      ) : (
        <ul className="space-y-3">
          {cases.map((item) => (
            <li key={item.id} className="card flex flex-wrap items-center justify-between gap-2">
              <div>
                <Link href={`/support/cases/${item.id}`} className="font-semibold">
                  {t("caseLink", { number: item.id, subject: item.subject })}
                </Link>
                <p className="text-sm text-slate-600">
                  <CategoryName category={item.category} /> · {t("opened", { date: times.day(item.createdAt) })}
                </p>
              </div>
              <CaseStatus status={item.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
