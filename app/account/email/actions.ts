"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { withdrawEmailChange } from "@/lib/account/email-change";
import { requestEmailChange } from "@/lib/account/email-change-request";
import { requireCustomer } from "@/lib/auth/current-customer";
import { thisBrowserIfNamed } from "@/lib/auth/known-browsers";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";

export type EmailChangeField = "newEmail" | "currentPassword";

/**
 * "Send confirmation link" (issue 16). Whatever the new address — free, or another account's — the
 * answer is the same page (S16); the mails differ, and only the address's owner reads them.
 */
export const requestEmailChangeAction = translatedForm<EmailChangeField>(async (_previous, formData) => {
  const { customer, session } = await requireCustomer("/account/email");
  const words = await formWords();
  const t = (key: string) => words.t(`emailChange.${key}`);
  const form = readFields(formData, { newEmail: { maxLength: 1024 }, currentPassword: { maxLength: 4096 } });
  const values = { newEmail: form.values.newEmail.slice(0, 254) };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const { newEmail, currentPassword } = form.values;
  const fieldErrors: Partial<Record<EmailChangeField, string>> = {
    ...(!newEmail.trim() && { newEmail: t("enterEmail") }),
    ...(customer.passwordHash && !currentPassword && { currentPassword: t("enterPassword") }),
  };
  if (Object.keys(fieldErrors).length > 0) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };

  const outcome = await requestEmailChange(customer, session, { newEmail, currentPassword }, requestMeta(await headers()), await getLocale(), await thisBrowserIfNamed());
  if (!outcome.ok) {
    switch (outcome.reason) {
      case "invalid_address":
        return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { newEmail: t("invalidEmail") }, values };
      case "same_address":
        return { status: "error", message: t("sameAddress"), fieldErrors: { newEmail: t("sameAddress") }, values };
      case "wrong_password":
        return { status: "error", message: t("wrongPassword"), fieldErrors: { currentPassword: t("wrongPassword") }, values };
      case "throttled": {
        const message = words.tooManyAttempts(outcome.retryAfterSeconds);
        return { status: "error", message, fieldErrors: { currentPassword: message }, values };
      }
      case "too_many":
        return { status: "error", message: t("tooMany"), values };
      case "reauthenticate":
        if (customer.passwordHash) redirect("/signin?again=account&callbackUrl=%2Faccount%2Femail");
        return { status: "error", message: t("reauthenticate"), values };
    }
  }
  redirect("/account/email?sent=1");
});

/** "Cancel this change": the customer takes back their own request. */
export const withdrawEmailChangeAction = guardPlainForm(async () => {
  const { customer } = await requireCustomer("/account/email");
  await withdrawEmailChange(customer.id, requestMeta(await headers()));
  redirect("/account/email?withdrawn=1");
});
