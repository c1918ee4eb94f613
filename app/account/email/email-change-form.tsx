"use client";

import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { requestEmailChangeAction } from "./actions";

type Words = { newEmail: string; currentPassword: string; submit: string };

/** The new address and, for a customer who has one, the current password. Words come from the page (server). */
export function EmailChangeForm({ username, askPassword, words }: { username: string; askPassword: boolean; words: Words }) {
  const form = useActionForm(requestEmailChangeAction, ["newEmail", "currentPassword"]);
  return (
    <ActionForm id="email-change-form" form={form}>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormField
        id="newEmail"
        {...form.field("newEmail")}
        type="email"
        label={words.newEmail}
        autoComplete="email"
        inputMode="email"
        required
        maxLength={254}
      />
      {askPassword && (
        <PasswordField
          cleared={form.cleared}
          id="currentPassword"
          {...form.field("currentPassword")}
          label={words.currentPassword}
          autoComplete="current-password"
          required
        />
      )}
      <SubmitButton>{words.submit}</SubmitButton>
    </ActionForm>
  );
}
