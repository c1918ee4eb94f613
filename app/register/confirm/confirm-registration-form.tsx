"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { confirmRegistrationAction, type ConfirmRegistrationField } from "./actions";

/** One button — or, when the chosen username was taken meanwhile, a new username and the button. */
export function ConfirmRegistrationForm() {
  const [state, action] = useActionState<FormState<ConfirmRegistrationField>, FormData>(confirmRegistrationAction, idleForm);
  const t = useTranslations("registration");
  const askForUsername = Boolean(state.fieldErrors?.username);
  return (
    <form id="confirm-registration-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="confirm-registration-form" />
      {askForUsername && (
        <FormField
          id="username"
          name="username"
          label={t("newUsername")}
          autoComplete="username"
          required
          maxLength={64}
          defaultValue={state.values?.username}
          error={state.fieldErrors?.username}
          autoFocus={fieldToFocus(state, ["username"]) === "username"}
        />
      )}
      <SubmitButton>{t("createAccount")}</SubmitButton>
    </form>
  );
}
