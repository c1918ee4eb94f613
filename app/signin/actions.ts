"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { configuredProvider } from "@/lib/auth/external-sign-in";
import { startExternalSignIn } from "@/lib/auth/external-sign-in-start";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { startSession } from "@/lib/auth/sessions";
import { signInWithPassword, tooManyAttempts } from "@/lib/auth/sign-in";
import { requestMeta } from "@/lib/http/client-ip";
import { guardForm, guardPlainForm, readFields } from "@/lib/http/form";

export type SignInField = "username" | "password";

// S25: one message for every failure, whatever the cause.
const INVALID = "Invalid username or password.";

export const signInAction = guardForm<SignInField>(async (_previous, formData) => {
  const form = readFields(formData, { username: { maxLength: 254 }, password: { maxLength: 1024 }, remember: { maxLength: 10 }, callbackUrl: { maxLength: 2048 } });
  const { username, password } = form.values;
  // Note: the username is refilled after a failure; the password never is.
  const values = { username: form.problems.username ? "" : username };
  if (form.problems.username || form.problems.password) {
    return { status: "error", message: INVALID, fieldErrors: { username: form.errors.username, password: form.errors.password }, values };
  }
  if (!username.trim() || !password) {
    return {
      status: "error",
      message: "Enter your username and password.",
      fieldErrors: {
        ...(!username.trim() && { username: "Enter your username or email address." }),
        ...(!password && { password: "Enter your password." }),
      },
      values,
    };
  }

  const meta = requestMeta(await headers());
  const outcome = await signInWithPassword(username, password, meta);
  if (!outcome.ok) {
    return { status: "error", message: outcome.reason === "throttled" ? tooManyAttempts(outcome.retryAfterSeconds) : INVALID, values };
  }
  const remember = form.values.remember === "on";
  await writeSessionCookie(await startSession(outcome.customer, remember, meta));
  redirect(safeCallbackPath(form.values.callbackUrl));
});

/** "Sign in with an external account": off to the provider, back to where the customer was going. */
export const signInWithProviderAction = guardPlainForm(async (formData) => {
  const provider = configuredProvider(formData.get("provider"));
  if (!provider) redirect("/signin?error=unknown_provider");
  await startExternalSignIn(provider.id, safeCallbackPath(formData.get("callbackUrl")));
});
