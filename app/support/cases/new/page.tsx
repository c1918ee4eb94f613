import type { Metadata } from "next";
import { requireCustomer } from "@/lib/auth/current-customer";
import { caseCategories } from "@/lib/support/cases";
import { CreateCaseForm } from "./create-case-form";

export const metadata: Metadata = { title: "Create Case" };

export default async function CreateCasePage() {
  await requireCustomer("/support/cases/new");
  return (
    <section aria-labelledby="case-heading" className="card mx-auto max-w-2xl">
      <h1 id="case-heading" className="mb-2 text-2xl font-bold">
        Create Case
      </h1>
      <p className="mb-5">Tell us what is wrong. We answer within two working days and email you when we do.</p>
      <CreateCaseForm categories={caseCategories} />
    </section>
  );
}
