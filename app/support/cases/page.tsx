import type { Metadata } from "next";
import Link from "next/link";
import { CaseStatus } from "@/components/case-status";
import { requireCustomer } from "@/lib/auth/current-customer";
import { listCases } from "@/lib/support/cases";

export const metadata: Metadata = { title: "My cases" };

export default async function MyCasesPage() {
  const { customer } = await requireCustomer("/support/cases");
  const cases = await listCases(customer.id);
  return (
    <section aria-labelledby="cases-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="cases-heading" className="text-2xl font-bold">
          My cases
        </h1>
        <Link href="/support/cases/new" className="button-primary">
          Create Case
        </Link>
      </div>
      {cases.length === 0 ? (
        <p className="card">You have no cases yet.</p>
      ) : (
        <ul className="space-y-3">
          {cases.map((item) => (
            <li key={item.id} className="card flex flex-wrap items-center justify-between gap-2">
              <div>
                <Link href={`/support/cases/${item.id}`} className="font-semibold">
                  Case {item.id}: {item.subject}
                </Link>
                <p className="text-sm text-slate-600">
                  {item.category} · opened {item.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" })}
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
