"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/components/form-message";
import { NewPasswordFields } from "@/components/new-password-fields";
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
      <NewPasswordFields
        name="newPassword"
        label={t("newPassword")}
        confirmLabel={t("confirmPassword")}
        minLength={minLength}
        requirements={requirements}
        errors={errors}
        focus={focus}
        cleared={state.status === "error"}
      />
      <SubmitButton>{t("changePasswordButton")}</SubmitButton>
    </form>
  );
}
