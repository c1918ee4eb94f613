"use client";

import { PasswordField } from "./password-field";

type NewPasswordFieldsProps<Name extends string> = {
  /** The new password's field name ("password", or "newPassword" beside a current password). */
  name: Name;
  label: string;
  confirmLabel: string;
  minLength: number;
  /** The policy in words, under the new password. */
  requirements: string;
  errors: Partial<Record<Name | "confirmPassword", string>>;
  /** The field the form's first error is in, to take the focus. */
  focus: string | undefined;
  /** The form came back with an error, so both fields were emptied (S6). */
  cleared: boolean;
};

/**
 * New password and Confirm new password (S6): both autocomplete="new-password" so a password
 * manager offers to make one and files it, each error tied to its own field. The server reads the
 * pair with lib/http/new-password.ts.
 */
export function NewPasswordFields<Name extends string>({ name, label, confirmLabel, minLength, requirements, errors, focus, cleared }: NewPasswordFieldsProps<Name>) {
  const fieldErrors = errors as Partial<Record<string, string>>;
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
        error={fieldErrors[name]}
        autoFocus={focus === name}
      />
      <PasswordField
        cleared={cleared}
        id="confirmPassword"
        name="confirmPassword"
        label={confirmLabel}
        autoComplete="new-password"
        required
        error={fieldErrors.confirmPassword}
        autoFocus={focus === "confirmPassword"}
      />
    </>
  );
}
