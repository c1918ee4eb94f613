"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/components/form-message";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { changePasswordAction, type ChangePasswordField } from "./actions";

export function ChangePasswordForm({ username, minLength, requirements }: { username: string; minLength: number; requirements: string }) {
  const [state, action] = useActionState<FormState<ChangePasswordField>, FormData>(changePasswordAction, idleForm);
  const t = useTranslations("account");
  const focus = fieldToFocus(state, ["currentPassword", "newPassword", "confirmPassword"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="change-password-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="change-password-form" />
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <PasswordField
        cleared={state.status === "error"}
        id="currentPassword"
        name="currentPassword"
        label={t("currentPassword")}
        autoComplete="current-password"
        required
        error={errors.currentPassword}
        autoFocus={focus === "currentPassword"}
      />
      <PasswordField
        cleared={state.status === "error"}
        id="newPassword"
        name="newPassword"
        label={t("newPassword")}
        autoComplete="new-password"
        required
        minLength={minLength}
        hint={requirements}
        error={errors.newPassword}
        autoFocus={focus === "newPassword"}
      />
      <PasswordField
        cleared={state.status === "error"}
        id="confirmPassword"
        name="confirmPassword"
        label={t("confirmPassword")}
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
        autoFocus={focus === "confirmPassword"}
      />
      <SubmitButton>{t("changePasswordButton")}</SubmitButton>
    </form>
  );
}
