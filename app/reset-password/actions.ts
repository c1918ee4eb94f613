"use server";

import { getLocale } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { grantWaysInReview } from "@/lib/auth/after-reset";
import { resetCookieName, resetCookieOptions, resetPassword } from "@/lib/auth/password-reset";
import { requestMeta } from "@/lib/http/client-ip";
import { readFields } from "@/lib/http/form";
import { newPasswordFields, newPasswordPairErrors } from "@/lib/http/new-password";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { passwordWords } from "@/lib/forms/password-words";

export type ResetField = "password" | "confirmPassword";

export const resetPasswordAction = translatedForm<ResetField>(async (_previous, formData) => {
  const words = await formWords();
  const t = (key: string) => words.t(`resetPassword.${key}`);
  const form = readFields(formData, newPasswordFields("password"));
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems) };
  const pair = newPasswordPairErrors("password", form.values, { enter: t("enterNew"), mismatch: t("mismatch") });
  const pairError = pair.password ?? pair.confirmPassword;
  if (pairError) return { status: "error", message: pairError, fieldErrors: pair };
  const { password } = form.values;

  const jar = await cookies();
  const outcome = await resetPassword(jar.get(resetCookieName())?.value, password, requestMeta(await headers()), await getLocale());
  if (!outcome.ok && outcome.reason === "policy") {
    const message = (await passwordWords()).refusal(outcome.refusal);
    return { status: "error", message, fieldErrors: { password: message } };
  }
  jar.set(resetCookieName(), "", resetCookieOptions(0));
  // S14: a bad or throttled link was counted by resetPassword; the page explains.
  if (!outcome.ok) redirect("/reset-password?expired=1");
  // Issue 22: this browser, and only it, may review the account's ways in for a few minutes.
  await grantWaysInReview(outcome.customerId, outcome.sessionVersion);
  // S22: no automatic sign-in; the customer signs in with the new password.
  redirect("/reset-password/done");
});
