"use server";

import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestMeta } from "@/lib/http/client-ip";
import { emailSchema } from "@/lib/customers/customers";
import { formText } from "@/lib/http/form";
import type { FormState } from "@/lib/http/form";
import { runMailWorkQuietly } from "@/lib/jobs/worker";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { consumeLimit } from "@/lib/http/rate-limit";

export type ForgotPasswordField = "email";

/**
 * S19: exactly one plain address. Arrays, lists ("a@x,b@y"), quoted local parts and anything
 * oversized are not an address; they get the same answer and nothing is sent.
 */
function singleAddress(formData: FormData): string | null {
  const raw = formText(formData, "email", 254);
  if (raw === null || /[,;"<>\s]/.test(raw.trim())) return null;
  const parsed = emailSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function forgotPasswordAction(
  _previous: FormState<ForgotPasswordField>,
  formData: FormData,
): Promise<FormState<ForgotPasswordField>> {
  // Mistakes a customer can make in the one field get a field error; anything else (repeated
  // fields, lists, oversized input) gets the one generic answer below.
  const typed = formText(formData, "email", 1024);
  if (typed !== null && !typed.trim()) {
    return { status: "error", message: "Enter your email address.", fieldErrors: { email: "Enter your email address." } };
  }
  if (typed !== null && !typed.includes("@")) {
    const message = "Enter an email address such as name@example.com.";
    return { status: "error", message, fieldErrors: { email: message }, values: { email: typed.slice(0, 254) } };
  }
  const email = singleAddress(formData);
  if (email) {
    const meta = requestMeta(await headers());
    // S18: over the per-IP limit the answer is the same and nothing is recorded or sent.
    const limit = await consumeLimit("resetRequestsPerIp", meta.ip);
    if (!limit.limited) {
      await requestPasswordReset(email, meta);
      // The mail is worked out and sent after the response, so no address answers slower (S17).
      after(runMailWorkQuietly);
    }
  }
  // S16: one answer for every address, known or not (post/redirect/get: a reload sends nothing).
  redirect("/forgot-password/sent");
}
