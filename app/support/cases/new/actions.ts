"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { currentCustomer } from "@/lib/auth/current-customer";
import { readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { holdMessageForScan } from "@/lib/support/attachments/held-messages";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { createCase, newCaseSchema } from "@/lib/support/cases";
import { keepForSignIn } from "@/lib/support/kept-drafts";

export type CaseField = "subject" | "category" | "description" | "files";

export const createCaseAction = translatedForm<CaseField>(async (_previous, formData) => {
  const form = readFields(formData, { subject: { maxLength: 1000 }, category: { maxLength: 100 }, description: { maxLength: 20_000, multiline: true } });
  const values = form.values;
  const signedIn = await currentCustomer();
  if (!signedIn) {
    // Issue 26: the session ended while the case was typed. Keep it (D1–D4) and say so on Sign in.
    const kept = await keepForSignIn({ kind: "case", subject: values.subject, category: values.category, description: values.description }, formData);
    redirect(`/signin?${kept ? "kept=case&" : ""}callbackUrl=${encodeURIComponent("/support/cases/new")}`);
  }
  const { customer } = signedIn;
  const words = await formWords();
  const parsed = newCaseSchema.safeParse(values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : words.issues<CaseField>(parsed.error.issues)), ...words.problems(form.problems) };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  const files = await takeMessageFiles(customer, formData);
  if (files.status === "refused") return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { files: await words.fileRefusal(files) }, values };
  const locale = customer.locale ?? (await getLocale());
  if (files.status === "unscanned") {
    // Issue 26: clamd did not answer; the case waits for the scan and is never created with unscanned files.
    await holdMessageForScan({ kind: "case", customerId: customer.id, input: parsed.data, locale, attachmentIds: files.ids });
    redirect("/support/cases?held=1");
  }
  const created = await createCase(customer, parsed.data, locale, files.ids);
  redirect(`/support/cases/${created.id}?created=1`);
});
