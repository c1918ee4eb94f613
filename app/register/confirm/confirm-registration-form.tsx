"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { confirmRegistrationAction } from "./actions";

/** One button — or, when the chosen username was taken meanwhile, a new username and the button. */
export function ConfirmRegistrationForm() {
  const form = useActionForm(confirmRegistrationAction, ["username"]);
  const t = useTranslations("registration");
  const askForUsername = Boolean(form.errors.username);
  return (
    <ActionForm id="confirm-registration-form" form={form}>
      {askForUsername && (
        <FormField
          id="username"
          {...form.field("username")}
          label={t("newUsername")}
          autoComplete="username"
          required
          maxLength={64}
        />
      )}
      <SubmitButton>{t("createAccount")}</SubmitButton>
    </ActionForm>
  );
}
