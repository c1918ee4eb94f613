"use client";

import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { requestEmailChangeAction, type EmailChangeField } from "./actions";

type Words = { newEmail: string; currentPassword: string; submit: string };

/** The new address and, for a customer who has one, the current password. Words come from the page (server). */
export function EmailChangeForm({ username, askPassword, words }: { username: string; askPassword: boolean; words: Words }) {
  const [state, action] = useActionState<FormState<EmailChangeField>, FormData>(requestEmailChangeAction, idleForm);
  const focus = fieldToFocus(state, ["newEmail", "currentPassword"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="email-change-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="email-change-form" />
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormField
        id="newEmail"
        name="newEmail"
        type="email"
        label={words.newEmail}
        autoComplete="email"
        inputMode="email"
        required
        maxLength={254}
        defaultValue={state.values?.newEmail}
        error={errors.newEmail}
        autoFocus={focus === "newEmail"}
      />
      {askPassword && (
        <PasswordField
        cleared={state.status === "error"}
          id="currentPassword"
          name="currentPassword"
          label={words.currentPassword}
          autoComplete="current-password"
          required
          error={errors.currentPassword}
          autoFocus={focus === "currentPassword"}
        />
      )}
      <SubmitButton>{words.submit}</SubmitButton>
    </form>
  );
}
