"use server";

import { after } from "next/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit";
import { requestMeta } from "@/lib/http/client-ip";
import { formText, type FormState } from "@/lib/http/form";
import { runMailWorkQuietly } from "@/lib/jobs/worker";
import { resetPassword } from "@/lib/auth/password-reset";
import { consumeLimit } from "@/lib/http/rate-limit";
import { resetCookieName, resetCookieOptions } from "@/lib/auth/reset-link-cookie";

export type ResetField = "password" | "confirmPassword";

export async function resetPasswordAction(_previous: FormState<ResetField>, formData: FormData): Promise<FormState<ResetField>> {
  const password = formText(formData, "password", 4096) ?? "";
  const confirmPassword = formText(formData, "confirmPassword", 4096) ?? "";
  if (!password) {
    return { status: "error", message: "Enter a new password.", fieldErrors: { password: "Enter a new password." } };
  }
  if (password !== confirmPassword) {
    const message = "The two passwords do not match. Type the same new password in both fields.";
    return { status: "error", message, fieldErrors: { confirmPassword: message } };
  }

  const jar = await cookies();
  const token = jar.get(resetCookieName())?.value;
  const meta = requestMeta(await headers());
  const outcome = await resetPassword(token, password, meta);
  if (!outcome.ok && outcome.reason === "policy") {
    return { status: "error", message: outcome.message, fieldErrors: { password: outcome.message } };
  }
  jar.set(resetCookieName(), "", resetCookieOptions(0));
  if (!outcome.ok) {
    // S14: submissions of bad tokens count against the same per-IP limit as bad links.
    await consumeLimit("invalidResetTokensPerIp", meta.ip);
    await recordAudit({ event: "reset_token_rejected", meta, details: { stage: "submit" } });
    redirect("/reset-password?expired=1");
  }
  after(runMailWorkQuietly);
  // S22: no automatic sign-in; the customer signs in with the new password.
  redirect("/reset-password/done");
}
