"use server";

import { getLocale } from "next-intl/server";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/current-customer";
import { readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/i18n/form-messages";
import { backgroundWork } from "@/lib/server/background-work";
import { holdMessageForScan } from "@/lib/support/attachments/held-messages";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { createCase, newCaseSchema } from "@/lib/support/cases";

export type CaseField = "subject" | "category" | "description" | "files";

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
  const files = await takeMessageFiles(customer, formData);
  if (files.status === "refused") return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { files: words.fileRefusal(files) }, values };
  const locale = customer.locale ?? (await getLocale());
  if (files.status === "unscanned") {
    // Issue 26: clamd did not answer; the case waits for the scan and is never created with unscanned files.
    await holdMessageForScan({ kind: "case", customerId: customer.id, input: parsed.data, locale, attachmentIds: files.ids });
    redirect("/support/cases?held=1");
  }
  const created = await createCase(customer, parsed.data, locale, files.ids);
  after(backgroundWork().runQuietly);
  redirect(`/support/cases/${created.id}?created=1`);
});
