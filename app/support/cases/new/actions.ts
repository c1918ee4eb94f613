"use server";

import { after } from "next/server";
import { redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/current-customer";
import { fieldErrorsFrom, guardForm, readFields } from "@/lib/http/form";
import { backgroundWork } from "@/lib/server/background-work";
import { createCase, newCaseSchema } from "@/lib/support/cases";

export type CaseField = "subject" | "category" | "description";

export const createCaseAction = guardForm<CaseField>(async (_previous, formData) => {
  const { customer } = await requireCustomer("/support/cases/new");
  const form = readFields(formData, { subject: { maxLength: 1000 }, category: { maxLength: 100 }, description: { maxLength: 20_000, multiline: true } });
  const values = form.values;
  const parsed = newCaseSchema.safeParse(values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : fieldErrorsFrom<CaseField>(parsed.error.issues)), ...form.errors };
    return { status: "error", message: "Please correct the fields below.", fieldErrors, values };
  }
  const created = await createCase(customer, parsed.data);
  after(backgroundWork().runQuietly);
  redirect(`/support/cases/${created.id}?created=1`);
});
