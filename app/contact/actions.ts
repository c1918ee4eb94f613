"use server";

import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentCustomer } from "@/lib/auth/current-customer";
import { requestMeta } from "@/lib/http/client-ip";
import { fieldErrorsFrom, guardForm, readFields } from "@/lib/http/form";
import { backgroundWork } from "@/lib/server/background-work";
import { contactSchema, sendContactMessage } from "@/lib/support/contact";

export type ContactField = "name" | "email" | "message";

export const contactAction = guardForm<ContactField>(async (_previous, formData) => {
  const form = readFields(formData, { name: { maxLength: 1000 }, email: { maxLength: 1000 }, message: { maxLength: 20_000, multiline: true } });
  const values = form.values;
  const parsed = contactSchema.safeParse(values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : fieldErrorsFrom<ContactField>(parsed.error.issues)), ...form.errors };
    return { status: "error", message: "Please correct the fields below.", fieldErrors, values };
  }
  const signedIn = await currentCustomer();
  const sent = await sendContactMessage(parsed.data, requestMeta(await headers()), signedIn?.customer.id ?? null);
  if (!sent) {
    return { status: "error", message: "You have sent several messages in the last hour. Please try again later, or call us.", values };
  }
  after(backgroundWork().runQuietly);
  redirect("/contact?sent=1");
});
