"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { NewPasswordFields } from "@/components/new-password-fields";
import { SubmitButton } from "@/components/submit-button";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ username, minLength, requirements }: { username: string; minLength: number; requirements: string }) {
  const form = useActionForm(resetPasswordAction, ["password", "confirmPassword"]);
  const t = useTranslations("resetPassword");
  return (
    <ActionForm id="reset-password-form" form={form}>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <NewPasswordFields name="password" label={t("newPassword")} confirmLabel={t("confirmPassword")} minLength={minLength} requirements={requirements} form={form} />
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}
