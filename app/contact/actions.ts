"use server";

import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestMeta } from "@/lib/http/client-ip";
import { contactSchema, sendContactMessage } from "@/lib/support/contact";
import { currentCustomer } from "@/lib/auth/current-customer";
import { fieldErrorsFrom, formText, type FormState } from "@/lib/http/form";
import { runMailWorkQuietly } from "@/lib/jobs/worker";

export type ContactField = "name" | "email" | "message";

export async function contactAction(_previous: FormState<ContactField>, formData: FormData): Promise<FormState<ContactField>> {
  const values = {
    name: formText(formData, "name", 1000) ?? "",
    email: formText(formData, "email", 1000) ?? "",
    message: formText(formData, "message", 20_000) ?? "",
  };
  const parsed = contactSchema.safeParse(values);
  if (!parsed.success) {
    return { status: "error", message: "Please correct the fields below.", fieldErrors: fieldErrorsFrom<ContactField>(parsed.error.issues), values };
  }
  const signedIn = await currentCustomer();
  const sent = await sendContactMessage(parsed.data, requestMeta(await headers()), signedIn?.customer.id ?? null);
  if (!sent) {
    return { status: "error", message: "You have sent several messages in the last hour. Please try again later, or call us.", values };
  }
  after(runMailWorkQuietly);
  redirect("/contact?sent=1");
}
