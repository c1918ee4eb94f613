"use server";

import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestMeta } from "@/lib/client-ip";
import { contactSchema, sendContactMessage } from "@/lib/contact";
import { currentCustomer } from "@/lib/current-customer";
import { fieldErrorsFrom, formText, type FormState } from "@/lib/form-state";
import { runMailWorkQuietly } from "@/lib/mail-worker";

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
