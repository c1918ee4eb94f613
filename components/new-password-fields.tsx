"use client";

import type { FormState } from "@/lib/http/form";
import type { ActionFormState } from "./action-form";
import { PasswordField } from "./password-field";

type NewPasswordFieldsProps<Name extends string> = {
  /** The new password's field name ("password", or "newPassword" beside a current password). */
  name: Name;
  label: string;
  confirmLabel: string;
  minLength: number;
  /** The policy in words, under the new password. */
  requirements: string;
  /** The form's last answer (useActionForm): each field's error, the field to focus, and whether both were emptied (S6). */
  form: Pick<ActionFormState<FormState>, "errors" | "focus" | "cleared">;
};

/**
 * New password and Confirm new password (S6): both autocomplete="new-password" so a password
 * manager offers to make one and files it, each error tied to its own field. The server reads the
 * pair with lib/http/new-password.ts.
 */
export function NewPasswordFields<Name extends string>({ name, label, confirmLabel, minLength, requirements, form: { errors, focus, cleared } }: NewPasswordFieldsProps<Name>) {
  return (
    <>
      <PasswordField
        cleared={cleared}
        id={name}
        name={name}
        label={label}
        autoComplete="new-password"
        required
        minLength={minLength}
        hint={requirements}
        error={errors[name]}
        autoFocus={focus === name}
      />
      <PasswordField
        cleared={cleared}
        id="confirmPassword"
        name="confirmPassword"
        label={confirmLabel}
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
        autoFocus={focus === "confirmPassword"}
      />
    </>
  );
}
