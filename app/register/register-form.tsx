"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { SubmitButton } from "@/components/submit-button";
import { TermsField } from "@/components/terms-field";
import { registerAction } from "./actions";

export function RegisterForm({ minLength, requirements, termsUrl }: { minLength: number; requirements: string; termsUrl?: string }) {
  const form = useActionForm(registerAction, ["email", "username", "password", "confirmPassword", "terms"]);
  const t = useTranslations("registration");
  const { errors, focus } = form;
  return (
    <ActionForm id="register-form" form={form}>
      <FormField id="email" {...form.field("email")} type="email" label={t("email")} autoComplete="email" inputMode="email" required maxLength={254} />
      <FormField id="username" {...form.field("username")} label={t("username")} autoComplete="username" required maxLength={64} hint={t("usernameHint")} />
      <NewPasswordFields name="password" label={t("password")} confirmLabel={t("confirmPassword")} minLength={minLength} requirements={requirements} form={form} />
      {termsUrl && <TermsField label={t.rich("terms", { link: (chunks) => <a href={termsUrl}>{chunks}</a> })} error={errors.terms} autoFocus={focus === "terms"} />}
      <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}
