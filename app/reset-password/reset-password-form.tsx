"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/components/form-message";
import { NewPasswordFields } from "@/components/new-password-fields";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { resetPasswordAction, type ResetField } from "./actions";

export function ResetPasswordForm({ username, minLength, requirements }: { username: string; minLength: number; requirements: string }) {
  const [state, action] = useActionState<FormState<ResetField>, FormData>(resetPasswordAction, idleForm);
  const t = useTranslations("resetPassword");
  const focus = fieldToFocus(state, ["password", "confirmPassword"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="reset-password-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="reset-password-form" />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <NewPasswordFields
        name="password"
        label={t("newPassword")}
        confirmLabel={t("confirmPassword")}
        minLength={minLength}
        requirements={requirements}
        errors={errors}
        focus={focus}
        cleared={state.status === "error"}
      />
      <SubmitButton>{t("submit")}</SubmitButton>
    </form>
  );
}
