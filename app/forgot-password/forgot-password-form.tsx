"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { forgotPasswordAction } from "./actions";

export function ForgotPasswordForm() {
  const form = useActionForm(forgotPasswordAction, ["email"]);
  const t = useTranslations("forgotPassword");
  return (
    <ActionForm id="forgot-password-form" form={form}>
      <FormField
        id="email"
        {...form.field("email")}
        type="email"
        label={t("email")}
        autoComplete="email"
        inputMode="email"
        required
        maxLength={254}
        hint={t("emailHint")}
      />
      <SubmitButton>{t("send")}</SubmitButton>
    </ActionForm>
  );
}
