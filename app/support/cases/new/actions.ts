"use server";

import { getLocale } from "next-intl/server";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/current-customer";
import { readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/i18n/form-messages";
import { backgroundWork } from "@/lib/server/background-work";
import { createCase, newCaseSchema } from "@/lib/support/cases";

export type CaseField = "subject" | "category" | "description";

export const createCaseAction = translatedForm<CaseField>(async (_previous, formData) => {
  const { customer } = await requireCustomer("/support/cases/new");
  const words = await formWords();
  const form = readFields(formData, { subject: { maxLength: 1000 }, category: { maxLength: 100 }, description: { maxLength: 20_000, multiline: true } });
  const values = form.values;
  const parsed = newCaseSchema.safeParse(values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : words.issues<CaseField>(parsed.error.issues)), ...words.problems(form.problems) };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  const created = await createCase(customer, parsed.data, customer.locale ?? (await getLocale()));
  after(backgroundWork().runQuietly);
  redirect(`/support/cases/${created.id}?created=1`);
});
