"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { emailSchema } from "@/lib/customers/account-fields";
import { requestMeta } from "@/lib/http/client-ip";
import { readField } from "@/lib/http/form";
import { consumeLimit } from "@/lib/http/rate-limit";
import { formWords, translatedForm } from "@/lib/forms/form-words";

export type ForgotPasswordField = "email";

/**
 * S19: exactly one plain address. Lists ("a@x,b@y"), quoted local parts and anything oversized
 * are not an address; they get the same answer and nothing is sent.
 */
function singleAddress(typed: string): string | null {
  if (/[,;"<>\s]/.test(typed.trim())) return null;
  const parsed = emailSchema.safeParse(typed);
  return parsed.success ? parsed.data : null;
}

export const forgotPasswordAction = translatedForm<ForgotPasswordField>(async (_previous, formData) => {
  const words = await formWords();
  const read = readField(formData, "email", { maxLength: 1024 });
  // Mistakes a customer can make in the one field get a field error; anything else (repeated
  // fields, lists, oversized input) gets the one generic answer below.
  if ("problem" in read && read.problem === "control_characters") {
    const { email } = words.problems({ email: read.problem });
    return { status: "error", message: email, fieldErrors: { email } };
  }
  const typed = "value" in read ? read.value : null;
  if (typed !== null && !typed.trim()) {
    const message = words.t("validation.email.required");
    return { status: "error", message, fieldErrors: { email: message } };
  }
  if (typed !== null && !typed.includes("@")) {
    const message = words.t("validation.email.invalid");
    return { status: "error", message, fieldErrors: { email: message }, values: { email: typed.slice(0, 254) } };
  }
  const email = typed !== null && typed.length <= 254 ? singleAddress(typed) : null;
  if (email) {
    const meta = requestMeta(await headers());
    // S18: over the per-IP limit the answer is the same and nothing is recorded or sent.
    const limit = await consumeLimit("resetRequestsPerIp", meta.ip);
    if (!limit.limited) {
      // The mail goes out in the language the request was made in (the requester may not be signed in).
      await requestPasswordReset(email, meta, await getLocale());
      // The mail is worked out and sent after the response, so no address answers slower (S17).
    }
  }
  // S16: one answer for every address, known or not (post/redirect/get: a reload sends nothing).
  redirect("/forgot-password/sent");
});
