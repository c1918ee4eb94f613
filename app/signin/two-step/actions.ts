"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { finishSignIn } from "@/lib/auth/finish-sign-in";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { landingPath } from "@/lib/staff/access";
import { currentCustomer } from "@/lib/auth/current-customer";
import { passSecondStep, resendSignInCode, secondStepMethod, startSecondStepIfNeeded } from "@/lib/auth/two-step/second-step";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";

export type SecondStepField = "code";

function twoStepPath(callbackUrl: string, extra: Record<string, string> = {}) {
  return `/signin/two-step?${new URLSearchParams({ ...extra, callbackUrl: safeCallbackPath(callbackUrl) })}`;
}

/** "Verify": the code of the chosen method; a session only when it passes (issue 17). */
export const verifySecondStepAction = translatedForm<SecondStepField>(async (_previous, formData) => {
  const words = await formWords();
  const t = (key: string) => words.t(`twoStep.${key}`);
  const form = readFields(formData, { code: { maxLength: 64 }, method: { maxLength: 40 }, rememberBrowser: { maxLength: 10 }, callbackUrl: { maxLength: 2048 } });
  if (form.problems.code) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems({ code: form.problems.code }) };
  const method = secondStepMethod(form.values.method);
  if (!method) return { status: "error", message: t("expired") };
  if (!form.values.code.trim()) return { status: "error", message: t("enterCode"), fieldErrors: { code: t("enterCode") } };

  const meta = requestMeta(await headers());
  const outcome = await passSecondStep(method.id, form.values.code, meta, await getLocale());
  if (!outcome.ok) {
    if (outcome.reason === "expired") return { status: "error", message: t("expired") };
    const message = outcome.reason === "throttled" ? words.tooManyAttempts(outcome.retryAfterSeconds) : t(outcome.reason === "code_spent" ? "spent" : "wrong");
    return { status: "error", message, fieldErrors: { code: message } };
  }
  const way = { by: "second_step", method: outcome.method, rememberBrowser: form.values.rememberBrowser === "on", external: outcome.external } as const;
  await finishSignIn(outcome.customer, way, { remember: outcome.remember, meta, locale: await getLocale() });
  redirect(landingPath(outcome.customer, safeCallbackPath(form.values.callbackUrl)));
});

/** "Send a code" / "Send a new code": only this browser's pending sign-in, once a minute. */
export const resendCodeAction = guardPlainForm(async (formData) => {
  const fields = readFields(formData, { callbackUrl: { maxLength: 2048 }, method: { maxLength: 40 } }).values;
  const callbackUrl = fields.callbackUrl || "/";
  const resent = await resendSignInCode(await getLocale(), fields.method || undefined);
  if (!resent) redirect(twoStepPath(callbackUrl));
  if (!resent.sent.ok) redirect(twoStepPath(callbackUrl, { method: resent.method, wait: String(resent.sent.waitSeconds) }));
  redirect(twoStepPath(callbackUrl, { method: resent.method, resent: "1" }));
});

/**
 * A staff member whose session did not pass two-step verification (signed in before they had the
 * role, say): the second step again, from this session, and a new session when it passes.
 */
export const verifyStaffSessionAction = guardPlainForm(async (formData) => {
  const signedIn = await currentCustomer();
  const callbackUrl = readFields(formData, { callbackUrl: { maxLength: 2048 } }).values.callbackUrl || "/staff";
  if (!signedIn) redirect(`/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackUrl))}`);
  await startSecondStepIfNeeded(signedIn.customer, signedIn.session.remember, await getLocale());
  redirect(twoStepPath(callbackUrl));
});
