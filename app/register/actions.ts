"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { checkNewPassword } from "@/lib/auth/password-policy";
import { config } from "@/lib/config";
import { emailSchema, usernameSchema } from "@/lib/customers/account-fields";
import { requestMeta } from "@/lib/http/client-ip";
import { readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { newPasswordFields, newPasswordPairErrors } from "@/lib/http/new-password";
import { consumeLimit } from "@/lib/http/rate-limit";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { passwordWords } from "@/lib/forms/password-words";
import { requestRegistration } from "@/lib/registration/registration";

export type RegisterField = "email" | "username" | "password" | "confirmPassword" | "terms";

/**
 * "Register". Mistakes in the form are shown; everything that passes them gets the one answer
 * "Check your email to finish registering." (S16) — whether or not the address, or the username,
 * already has an account. A taken username is found out only by the address's owner, on the
 * page the emailed link opens.
 */
export const registerAction = translatedForm<RegisterField>(async (_previous, formData) => {
  const settings = config().registration;
  // Not open to all: the Register page answers for itself — "Page not found" with 404 when
  // registration is off, the invitation code's page when it is by invitation.
  if (settings.mode !== "open") pageNotFoundAt("/register");
  const words = await formWords();
  const t = (key: string) => words.t(`registration.${key}`);
  const form = readFields(formData, {
    email: { maxLength: 1024 },
    username: { maxLength: 1024 },
    ...newPasswordFields("password"),
    terms: { maxLength: 10 },
  });
  const values = { email: form.values.email.slice(0, 254), username: form.values.username.slice(0, 64) };
  // A field's own problem (too long, unreadable) outranks what the pair says about it.
  const errors: Partial<Record<RegisterField, string>> = {
    ...newPasswordPairErrors("password", form.values, { enter: t("enterPassword"), mismatch: t("mismatch") }),
    ...words.problems(form.problems),
  };
  const email = emailSchema.safeParse(form.values.email);
  if (!errors.email && (!email.success || /[,;"<>\s]/.test(form.values.email.trim()))) {
    errors.email = words.t(form.values.email.trim() ? "validation.email.invalid" : "validation.email.required");
  }
  const username = usernameSchema.safeParse(form.values.username);
  if (!errors.username && !username.success) errors.username = words.t(username.error.issues[0].message);
  if (settings.termsUrl && form.values.terms !== "on") errors.terms = t("acceptTerms");
  if (!errors.password && email.success && username.success) {
    const verdict = checkNewPassword(form.values.password, { username: username.data, email: email.data });
    if (!verdict.ok) errors.password = (await passwordWords()).refusal(verdict);
  }
  if (Object.keys(errors).length > 0 || !email.success || !username.success) {
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: errors, values };
  }

  const meta = requestMeta(await headers());
  // Over the per-IP limit the answer is the same and nothing is recorded or sent (like S18).
  if (!(await consumeLimit("registrationsPerIp", meta.ip)).limited) {
    await requestRegistration(
      { email: email.data, username: username.data, password: form.values.password, locale: await getLocale(), acceptedTerms: Boolean(settings.termsUrl) },
      meta,
    );
  }
  redirect("/register/sent");
});
