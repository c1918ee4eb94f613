"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentCustomer } from "@/lib/auth/current-customer";
import { requestMeta } from "@/lib/http/client-ip";
import { readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { contactSchema, sendContactMessage } from "@/lib/support/contact";

export type ContactField = "name" | "email" | "message";

export const contactAction = translatedForm<ContactField>(async (_previous, formData) => {
  const words = await formWords();
  const form = readFields(formData, { name: { maxLength: 1000 }, email: { maxLength: 1000 }, message: { maxLength: 20_000, multiline: true } });
  const values = form.values;
  const parsed = contactSchema.safeParse(values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : words.issues<ContactField>(parsed.error.issues)), ...words.problems(form.problems) };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  const signedIn = await currentCustomer();
  const sent = await sendContactMessage(parsed.data, requestMeta(await headers()), signedIn?.customer.id ?? null, await getLocale());
  if (!sent) return { status: "error", message: words.t("contact.tooMany"), values };
  redirect("/contact?sent=1");
});
