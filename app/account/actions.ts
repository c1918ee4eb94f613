"use server";

import { getLocale } from "next-intl/server";
import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit";
import { changePassword } from "@/lib/auth/change-password";
import { requireCustomer } from "@/lib/auth/current-customer";
import { configuredProvider, disconnectProvider } from "@/lib/auth/external-sign-in";
import { startExternalSignIn } from "@/lib/auth/external-sign-in-start";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { endAllSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/i18n/form-messages";
import { passwordWords } from "@/lib/i18n/password-words";
import { backgroundWork } from "@/lib/server/background-work";

export type ChangePasswordField = "currentPassword" | "newPassword" | "confirmPassword";

export const changePasswordAction = translatedForm<ChangePasswordField>(async (_previous, formData) => {
  // S34: the action checks the session itself.
  const { customer, session } = await requireCustomer("/account");
  const words = await formWords();
  const t = (key: string) => words.t(`account.${key}`);
  const form = readFields(formData, { currentPassword: { maxLength: 4096 }, newPassword: { maxLength: 4096 }, confirmPassword: { maxLength: 4096 } });
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems) };
  const { currentPassword, newPassword, confirmPassword } = form.values;
  if (!currentPassword) return { status: "error", message: t("enterCurrent"), fieldErrors: { currentPassword: t("enterCurrent") } };
  if (newPassword !== confirmPassword) return { status: "error", message: t("mismatch"), fieldErrors: { confirmPassword: t("mismatch") } };
  const outcome = await changePassword(customer, session, currentPassword, newPassword, requestMeta(await headers()), await getLocale());
  if (!outcome.ok) {
    if (outcome.reason === "policy") {
      const message = (await passwordWords()).refusal(outcome.refusal);
      return { status: "error", message, fieldErrors: { newPassword: message } };
    }
    const message =
      outcome.reason === "throttled" ? words.tooManyAttempts(outcome.retryAfterSeconds) : t(outcome.reason === "wrong_password" ? "wrongCurrent" : "signInAgain");
    return { status: "error", message, fieldErrors: { currentPassword: message } };
  }
  after(backgroundWork().runQuietly);
  // Note: a redirect, not a returned state: the page must be rendered by a request that carries the
  // re-issued cookie, or it would read the session it has just ended.
  redirect("/account?password=changed");
});

/** "Sign out of all devices", this one included (S33). */
export const signOutEverywhereAction = guardPlainForm(async () => {
  const { customer } = await requireCustomer("/account");
  await (await db()).transaction((tx) => endAllSessions(tx, customer.id));
  await recordAudit({ event: "sessions_revoked", customerId: customer.id, meta: requestMeta(await headers()), details: { reason: "sign_out_everywhere" } });
  await clearSessionCookie();
  redirect("/signin");
});

/** "Connect": the provider's sign-in, linked to this customer on the way back. */
export const connectProviderAction = guardPlainForm(async (formData) => {
  await requireCustomer("/account");
  const provider = configuredProvider(formData.get("provider"));
  if (!provider) redirect("/account");
  await startExternalSignIn(provider.id, "/account");
});

export const disconnectProviderAction = guardPlainForm(async (formData) => {
  const { customer } = await requireCustomer("/account");
  const provider = configuredProvider(formData.get("provider"));
  const outcome = provider ? await disconnectProvider(customer.id, provider.id) : ({ ok: false, refusal: "not_connected" } as const);
  redirect(outcome.ok ? "/account?disconnected=1" : `/account?refused=${outcome.refusal}`);
});

/** "Set a password" for a customer who has only an external identity: the reset link, by email. */
export const setPasswordAction = guardPlainForm(async () => {
  const { customer } = await requireCustomer("/account");
  await requestPasswordReset(customer.email, requestMeta(await headers()), await getLocale());
  after(backgroundWork().runQuietly);
  redirect("/account?password=link-sent");
});
