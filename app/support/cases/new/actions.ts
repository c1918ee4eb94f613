"use server";

import { after } from "next/server";
import { redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/current-customer";
import { fieldErrorsFrom, formText, type FormState } from "@/lib/http/form";
import { runMailWorkQuietly } from "@/lib/jobs/worker";
import { createCase, newCaseSchema } from "@/lib/support/cases";

export type CaseField = "subject" | "category" | "description";

export async function createCaseAction(_previous: FormState<CaseField>, formData: FormData): Promise<FormState<CaseField>> {
  const { customer } = await requireCustomer("/support/cases/new");
  const values = {
    subject: formText(formData, "subject", 1000) ?? "",
    category: formText(formData, "category", 100) ?? "",
    description: formText(formData, "description", 20_000) ?? "",
  };
  const parsed = newCaseSchema.safeParse(values);
  if (!parsed.success) {
    return { status: "error", message: "Please correct the fields below.", fieldErrors: fieldErrorsFrom<CaseField>(parsed.error.issues), values };
  }
  const created = await createCase(customer, parsed.data);
  after(runMailWorkQuietly);
  redirect(`/support/cases/${created.id}?created=1`);
}
