"use client";

import { useState, useSyncExternalStore, type InputHTMLAttributes, type ReactNode } from "react";

const subscribeToNothing = () => () => {};

/** False in the server's HTML (and with JavaScript off), true once the page runs in a browser. */
function useHydrated() {
  return useSyncExternalStore(subscribeToNothing, () => true, () => false);
}

type PasswordFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  id: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Shows "N of at least M characters" as the customer types (new passwords). */
  minLength?: number;
};

/**
 * S6: a password input with a show/hide control, paste allowed, the right autocomplete. Without
 * JavaScript it is a plain password input and the control is not shown.
 */
export function PasswordField({ id, label, error, hint, required, minLength, ...input }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
  const [length, setLength] = useState(0);

  const described = [hint ? `${id}-hint` : null, minLength ? `${id}-count` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1">
      {/* The guide marks required fields with "*"; it sits outside the label so the label is the field's name alone. */}
      <div className="flex gap-1 font-semibold">
        {required && (
          <span aria-hidden="true" className="text-danger-700">
            *
          </span>
        )}
        <label htmlFor={id}>{label}</label>
      </div>
      <div className="flex gap-2">
        <input
          id={id}
          type={visible ? "text" : "password"}
          className="text-input"
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          autoCapitalize="none"
          spellCheck={false}
          onChange={(event) => setLength([...event.target.value].length)}
          {...input}
        />
        {hydrated && (
          <button
            type="button"
            className="button-secondary shrink-0 px-3"
            aria-controls={id}
            aria-pressed={visible}
            onClick={() => setVisible((shown) => !shown)}
          >
            {visible ? "Hide" : "Show"}
            <span className="sr-only"> {label.toLowerCase()}</span>
          </button>
        )}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {minLength && hydrated && (
        <p id={`${id}-count`} className="text-sm text-slate-600">
          {length} of at least {minLength} characters
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm font-semibold text-danger-700">
          {error}
        </p>
      )}
    </div>
  );
}
