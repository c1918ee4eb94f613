"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { useState, type InputHTMLAttributes, type ReactNode } from "react";
import { FieldFrame } from "./field-frame";
import { useHydrated } from "./use-hydrated";

type PasswordFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  id: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Shows "N of at least M characters" as the customer types (new passwords). */
  minLength?: number;
  /**
   * The form came back with an error: passwords are never sent back to be refilled (S6), so the
   * field says it was emptied rather than leaving the customer to wonder.
   */
  cleared?: boolean;
};

/**
 * S6: a password input with a show/hide control, paste allowed, the right autocomplete. Without
 * JavaScript it is a plain password input and the control is not shown.
 */
export function PasswordField({ id, label, error, hint, required, minLength, cleared, ...input }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
  const [length, setLength] = useState(0);
  const t = useTranslations("fields");

  return (
    <FieldFrame
      id={id}
      label={label}
      required={required}
      hint={hint}
      error={error}
      describedBy={[...(cleared ? [`${id}-cleared`] : []), ...(minLength ? [`${id}-count`] : [])]}
      extra={
        <>
          {cleared && (
            <p id={`${id}-cleared`} className="text-sm text-slate-600">
              {t("cleared")}
            </p>
          )}
          {minLength && hydrated ? (
            <p id={`${id}-count`} className="text-sm text-slate-600">
              {t("characterCount", { length, minimum: minLength })}
            </p>
          ) : null}
        </>
      }
    >
      {(control) => (
        <div className="flex gap-2">
          <input
            type={visible ? "text" : "password"}
            className="text-input"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(event) => setLength([...event.target.value].length)}
            {...control}
            {...input}
            // S6: a password is never put back in the page, whatever the form's answer holds.
            defaultValue={undefined}
            value={undefined}
          />
          {hydrated && (
            <button
              type="button"
              className="button-secondary shrink-0 px-3"
              aria-controls={id}
              aria-pressed={visible}
              onClick={() => setVisible((shown) => !shown)}
            >
              {visible ? t("hide") : t("show")}
              <span className="sr-only"> {label}</span>
            </button>
          )}
        </div>
      )}
    </FieldFrame>
  );
}
