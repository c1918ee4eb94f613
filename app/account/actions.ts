"use server";

import { after } from "next/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { changePassword, signOutEverywhere } from "@/lib/auth/change-password";
import { configuredProvider, disconnectProvider } from "@/lib/auth/external-sign-in";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { requestMeta } from "@/lib/http/client-ip";
import { requireCustomer } from "@/lib/auth/current-customer";
import { formText, type FormState } from "@/lib/http/form";
import { runMailWorkQuietly } from "@/lib/jobs/worker";
import { clearedSessionCookieOptions, sessionCookieName } from "@/lib/auth/session-policy";
import { startExternalSignIn } from "@/app/signin/actions";
import { reissueCurrentSession } from "@/lib/auth/session-reissue";

export type ChangePasswordField = "currentPassword" | "newPassword" | "confirmPassword";

export async function changePasswordAction(
  _previous: FormState<ChangePasswordField>,
  formData: FormData,
): Promise<FormState<ChangePasswordField>> {
  // S34: the action checks the session itself.
  const { customer, session } = await requireCustomer("/account");
  const currentPassword = formText(formData, "currentPassword", 4096) ?? "";
  const newPassword = formText(formData, "newPassword", 4096) ?? "";
  const confirmPassword = formText(formData, "confirmPassword", 4096) ?? "";
  if (!currentPassword) {
    return { status: "error", message: "Enter your current password.", fieldErrors: { currentPassword: "Enter your current password." } };
  }
  if (newPassword !== confirmPassword) {
    const message = "The two new passwords do not match.";
    return { status: "error", message, fieldErrors: { confirmPassword: message } };
  }
  const outcome = await changePassword(customer, currentPassword, newPassword, requestMeta(await headers()));
  if (!outcome.ok) return { status: "error", message: outcome.message, fieldErrors: { [outcome.field]: outcome.message } };
  await reissueCurrentSession(session, outcome.sessionVersion);
  after(runMailWorkQuietly);
  // Note: a redirect, not a returned state: the page must be rendered by a request that carries the
  // re-issued cookie, or it would read the session it has just ended.
  redirect("/account?password=changed");
}

export async function signOutEverywhereAction() {
  const { customer } = await requireCustomer("/account");
  await signOutEverywhere(customer.id, requestMeta(await headers()));
  // Note: cookies().delete() omits Secure, which a __Host- cookie needs to be replaced.
  (await cookies()).set(sessionCookieName(), "", clearedSessionCookieOptions());
  redirect("/signin");
}

/** "Connect": the provider's sign-in, linked to this customer on the way back. */
export async function connectProviderAction(formData: FormData) {
  await requireCustomer("/account");
  const provider = configuredProvider(formData.get("provider"));
  if (!provider) redirect("/account");
  await startExternalSignIn(provider.id, "/account");
}

export async function disconnectProviderAction(formData: FormData) {
  const { customer } = await requireCustomer("/account");
  const outcome = await disconnectProvider(customer.id, String(formData.get("provider") ?? ""));
  redirect(outcome.ok ? "/account?disconnected=1" : `/account?refused=${encodeURIComponent(outcome.message)}`);
}

/** "Set a password" for a customer who has only an external identity: the reset link, by email. */
export async function setPasswordAction() {
  const { customer } = await requireCustomer("/account");
  await requestPasswordReset(customer.email, requestMeta(await headers()));
  after(runMailWorkQuietly);
  redirect("/account?password=link-sent");
}
