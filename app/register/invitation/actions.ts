"use server";

import { getLocale } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { mailedLinkCookieOptions } from "@/lib/auth/mailed-links";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword } from "@/lib/auth/password-policy";
import { config } from "@/lib/config";
import { PublicError, usernameSchema } from "@/lib/customers/account-fields";
import { requestMeta } from "@/lib/http/client-ip";
import { readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { newPasswordFields, newPasswordPairErrors } from "@/lib/http/new-password";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { passwordWords } from "@/lib/forms/password-words";
import { checkInvitation, invitationCookieName, invitationTarget, normalizeInvitationCode, redeemInvitation } from "@/lib/registration/invitations";
import { now } from "@/lib/clock";

/** Registration off: this page, which then answers "Page not found" with 404 also without JavaScript. */
function registrationOff() {
  if (config().registration.mode === "off") pageNotFoundAt("/register/invitation");
}

export type InvitationCodeField = "code";

/** Step 1: the invitation code, checked like any mailed token (S14) and kept in a cookie. */
export const enterInvitationCodeAction = translatedForm<InvitationCodeField>(async (_previous, formData) => {
  registrationOff();
  const words = await formWords();
  const form = readFields(formData, { code: { maxLength: 64 } });
  const code = normalizeInvitationCode(form.values.code.trim());
  const invitation = form.ok && code ? await checkInvitation(code, requestMeta(await headers()), "form") : null;
  if (!invitation) {
    const message = words.t(code ? "registration.invalidCode" : "registration.enterCode");
    return { status: "error", message, fieldErrors: { code: message }, values: { code: form.values.code.slice(0, 64) } };
  }
  (await cookies()).set(invitationCookieName(), code, mailedLinkCookieOptions());
  redirect("/register/invitation");
});

export type RedeemField = "username" | "password" | "confirmPassword" | "terms";

/** Step 2: the account (or, for an imported record without one, its first password). */
export const redeemInvitationAction = translatedForm<RedeemField>(async (_previous, formData) => {
  registrationOff();
  const words = await formWords();
  const t = (key: string, values?: Record<string, string | number>) => words.t(`registration.${key}`, values);
  const meta = requestMeta(await headers());
  const jar = await cookies();
  const code = jar.get(invitationCookieName())?.value;
  const invitation = await checkInvitation(code, meta, "page");
  if (!invitation) redirect("/register/invitation?expired=1");
  const target = await invitationTarget(invitation);
  const form = readFields(formData, { username: { maxLength: 1024 }, ...newPasswordFields("password"), terms: { maxLength: 10 } });
  // A field's own problem (too long, unreadable) outranks what the pair says about it.
  const errors: Partial<Record<RedeemField, string>> = {
    ...newPasswordPairErrors("password", form.values, { enter: t("enterPassword"), mismatch: t("mismatch") }),
    ...words.problems(form.problems),
  };
  const username = target.kind === "set_password" ? { success: true as const, data: target.customer.username } : usernameSchema.safeParse(form.values.username);
  if (!errors.username && !username.success) errors.username = words.t(username.error.issues[0].message);
  const termsUrl = config().registration.termsUrl;
  if (termsUrl && target.kind === "new" && form.values.terms !== "on") errors.terms = t("acceptTerms");
  const verdict = username.success ? checkNewPassword(form.values.password, { username: username.data, email: invitation.email }) : null;
  if (!errors.password && verdict && !verdict.ok) errors.password = (await passwordWords()).refusal(verdict);
  const values = { username: form.values.username.slice(0, 64) };
  if (Object.keys(errors).length > 0 || !username.success || !verdict?.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: errors, values };

  try {
    const outcome = await redeemInvitation(
      code,
      {
        username: username.data,
        passwordHash: () => hashPassword(verdict.password),
        locale: await getLocale(),
        termsVersion: termsUrl && target.kind === "new" ? (config().registration.termsVersion ?? null) : null,
        termsAcceptedAt: termsUrl && target.kind === "new" ? now() : null,
      },
      meta,
    );
    if (!outcome.ok && outcome.reason === "too_many_tries") {
      const message = t("tooManyUsernames", { minutes: Math.ceil(outcome.retryAfterSeconds / 60) });
      return { status: "error", message, fieldErrors: { username: message }, values };
    }
    jar.set(invitationCookieName(), "", mailedLinkCookieOptions(0));
    if (!outcome.ok) redirect(outcome.reason === "has_account" ? "/register/done?already=1" : "/register/invitation?expired=1");
  } catch (error) {
    // Rule R1: a code can be passed on, so whoever holds it is not told which name is taken.
    if (error instanceof PublicError && error.field === "username") {
      const message = t("usernameUnavailable");
      return { status: "error", message, fieldErrors: { username: message }, values };
    }
    throw error;
  }
  redirect("/register/done");
});
