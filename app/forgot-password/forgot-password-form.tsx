"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { forgotPasswordAction, type ForgotPasswordField } from "./actions";

export function ForgotPasswordForm() {
  const [state, action] = useActionState<FormState<ForgotPasswordField>, FormData>(forgotPasswordAction, idleForm);
  const t = useTranslations("forgotPassword");
  const focus = fieldToFocus(state, ["email"]);
  return (
    <form id="forgot-password-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="forgot-password-form" />
      <FormField
        id="email"
        name="email"
        type="email"
        label={t("email")}
        autoComplete="email"
        inputMode="email"
        required
        maxLength={254}
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
        hint={t("emailHint")}
        autoFocus={focus === "email"}
      />
      <SubmitButton>{t("send")}</SubmitButton>
    </form>
  );
}
