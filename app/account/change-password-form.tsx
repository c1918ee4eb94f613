"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { NewPasswordFields } from "@/components/new-password-fields";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm({ username, minLength, requirements }: { username: string; minLength: number; requirements: string }) {
  const form = useActionForm(changePasswordAction, ["currentPassword", "newPassword", "confirmPassword"]);
  const t = useTranslations("account");
  return (
    <ActionForm id="change-password-form" form={form}>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <PasswordField
        cleared={form.cleared}
        id="currentPassword"
        {...form.field("currentPassword")}
        label={t("currentPassword")}
        autoComplete="current-password"
        required
      />
      <NewPasswordFields name="newPassword" label={t("newPassword")} confirmLabel={t("confirmPassword")} minLength={minLength} requirements={requirements} form={form} />
      <SubmitButton>{t("changePasswordButton")}</SubmitButton>
    </ActionForm>
  );
}
