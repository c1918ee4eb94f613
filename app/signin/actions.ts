"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { landingPath } from "@/lib/staff/access";
import { currentCustomer } from "@/lib/auth/current-customer";
import { configuredProvider } from "@/lib/auth/external-sign-in";
import { startExternalSignIn } from "@/lib/auth/external-sign-in-start";
import { CONFIRMATION_RESEND_COOLDOWN_MS, sendEmailConfirmationNow } from "@/lib/auth/email-confirmation";
import { claimResend, startChallenge } from "@/lib/auth/sign-in-challenge";
import { config } from "@/lib/config";
import { finishSignIn } from "@/lib/auth/finish-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { startSecondStepIfNeeded } from "@/lib/auth/two-step/second-step";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readFieldOrNull, readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { keepBrowserTimeZone } from "@/lib/i18n/time-zone";
import { isTimeZone } from "@/lib/i18n/times";

export type SignInField = "username" | "password";

export const signInAction = translatedForm<SignInField>(async (_previous, formData) => {
  const words = await formWords();
  const t = (key: string) => words.t(`signIn.${key}`);
  const form = readFields(formData, { username: { maxLength: 254 }, password: { maxLength: 1024 }, remember: { maxLength: 10 }, callbackUrl: { maxLength: 2048 } });
  const { username, password } = form.values;
  // Note: the username is refilled after a failure; the password never is.
  const values = { username: form.problems.username ? "" : username };
  if (form.problems.username || form.problems.password) {
    // S25: the same message as any failed sign-in, with the field's own reason beside it.
    return { status: "error", message: t("invalid"), fieldErrors: words.problems({ username: form.problems.username, password: form.problems.password }), values };
  }
  if (!username.trim() || !password) {
    return {
      status: "error",
      message: t("enterBoth"),
      fieldErrors: {
        ...(!username.trim() && { username: t("enterUsername") }),
        ...(!password && { password: t("enterPassword") }),
      },
      values,
    };
  }

  // Issue 26: the browser's time zone, from the hidden field the form's component fills. Kept in a
  // cookie for the pages, and given to this sign-in (the cookie only arrives with the next request).
  const browserZone = readFieldOrNull(formData, "timeZone", 64);
  await keepBrowserTimeZone(browserZone);
  const requestDetails = requestMeta(await headers());
  const meta = { ...requestDetails, timeZone: isTimeZone(browserZone) ? browserZone : requestDetails.timeZone };
  const outcome = await signInWithPassword(username, password, meta);
  if (!outcome.ok) {
    // S25: one message for every failure, whatever the cause; only a throttled client hears more.
    return { status: "error", message: outcome.reason === "throttled" ? words.tooManyAttempts(outcome.retryAfterSeconds) : t("invalid"), values };
  }
  const remember = form.values.remember === "on";
  // Issue 14: a customer whose address nobody has confirmed gets a confirmation link, not a session.
  if (config().registration.requireConfirmedEmail && !outcome.customer.emailVerified) {
    const challenge = await startChallenge(outcome.customer, "confirm_email", remember);
    // S25: the account was taken back since its password was checked — that password is no longer right.
    if (!challenge) return { status: "error", message: t("invalid"), values };
    if ((await claimResend(challenge, CONFIRMATION_RESEND_COOLDOWN_MS)).ok) await sendEmailConfirmationNow(outcome.customer, await getLocale());
    redirect("/signin/confirm-email");
  }
  // Issue 17: the password alone never makes a session when a second step is needed.
  // Signing in again while signed in is a step up before a change (issue 22, S48): the remembered browser does not skip it.
  const stepUp = (await currentCustomer())?.customer.id === outcome.customer.id;
  if (await startSecondStepIfNeeded(outcome.customer, remember, await getLocale(), { stepUp })) {
    await recordAudit({ event: "second_step_started", customerId: outcome.customer.id, meta });
    redirect(`/signin/two-step?callbackUrl=${encodeURIComponent(safeCallbackPath(form.values.callbackUrl))}`);
  }
  await finishSignIn(outcome.customer, { by: "password" }, { remember, meta, locale: await getLocale() });
  redirect(landingPath(outcome.customer, safeCallbackPath(form.values.callbackUrl)));
});

/** "Sign in with an external account": off to the provider, back to where the customer was going. */
export const signInWithProviderAction = guardPlainForm(async (formData) => {
  const provider = configuredProvider(readFieldOrNull(formData, "provider", 100));
  if (!provider) redirect("/signin?error=unknown_provider");
  // Issue 17: back through /signin/continue, which goes on to the second step when one is pending.
  await startExternalSignIn(provider.id, `/signin/continue?callbackUrl=${encodeURIComponent(safeCallbackPath(readFieldOrNull(formData, "callbackUrl", 2048)))}`);
});
