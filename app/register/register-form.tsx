"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { NewPasswordFields } from "@/components/new-password-fields";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { registerAction, type RegisterField } from "./actions";

export function RegisterForm({ minLength, requirements, termsUrl }: { minLength: number; requirements: string; termsUrl?: string }) {
  const [state, action] = useActionState<FormState<RegisterField>, FormData>(registerAction, idleForm);
  const t = useTranslations("registration");
  const focus = fieldToFocus(state, ["email", "username", "password", "confirmPassword", "terms"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="register-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="register-form" />
      <FormField id="email" name="email" type="email" label={t("email")} autoComplete="email" inputMode="email" required maxLength={254} defaultValue={state.values?.email} error={errors.email} autoFocus={focus === "email"} />
      <FormField id="username" name="username" label={t("username")} autoComplete="username" required maxLength={64} hint={t("usernameHint")} defaultValue={state.values?.username} error={errors.username} autoFocus={focus === "username"} />
      <NewPasswordFields name="password" label={t("password")} confirmLabel={t("confirmPassword")} minLength={minLength} requirements={requirements} errors={errors} focus={focus} cleared={state.status === "error"} />
      {termsUrl && (
        <div className="space-y-1">
          <div className="flex items-start gap-2">
            <input
              id="terms"
              name="terms"
              type="checkbox"
              required
              className="mt-1 size-5"
              aria-invalid={errors.terms ? true : undefined}
              aria-describedby={errors.terms ? "terms-error" : undefined}
              autoFocus={focus === "terms"}
            />
            <label htmlFor="terms">{t.rich("terms", { link: (chunks) => <a href={termsUrl}>{chunks}</a> })}</label>
          </div>
          {errors.terms && (
            <p id="terms-error" className="text-sm font-semibold text-danger-700">
              {errors.terms}
            </p>
          )}
        </div>
      )}
      <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
    </form>
  );
}
