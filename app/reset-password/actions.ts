"use server";

import { after } from "next/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { resetCookieName, resetCookieOptions, resetPassword } from "@/lib/auth/password-reset";
import { requestMeta } from "@/lib/http/client-ip";
import { guardForm, readFields } from "@/lib/http/form";
import { backgroundWork } from "@/lib/server/background-work";

export type ResetField = "password" | "confirmPassword";

export const resetPasswordAction = guardForm<ResetField>(async (_previous, formData) => {
  const form = readFields(formData, { password: { maxLength: 4096 }, confirmPassword: { maxLength: 4096 } });
  if (!form.ok) return { status: "error", message: "Please correct the fields below.", fieldErrors: form.errors };
  const { password, confirmPassword } = form.values;
  if (!password) {
    return { status: "error", message: "Enter a new password.", fieldErrors: { password: "Enter a new password." } };
  }
  if (password !== confirmPassword) {
    const message = "The two passwords do not match. Type the same new password in both fields.";
    return { status: "error", message, fieldErrors: { confirmPassword: message } };
  }

  const jar = await cookies();
  const outcome = await resetPassword(jar.get(resetCookieName())?.value, password, requestMeta(await headers()));
  if (!outcome.ok && outcome.reason === "policy") {
    return { status: "error", message: outcome.message, fieldErrors: { password: outcome.message } };
  }
  jar.set(resetCookieName(), "", resetCookieOptions(0));
  // S14: a bad or throttled link was counted by resetPassword; the page explains.
  if (!outcome.ok) redirect("/reset-password?expired=1");
  after(backgroundWork().runQuietly);
  // S22: no automatic sign-in; the customer signs in with the new password.
  redirect("/reset-password/done");
});
