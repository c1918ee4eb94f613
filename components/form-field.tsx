import type { InputHTMLAttributes, ReactNode } from "react";

type FormFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
};

/** A labelled input whose hint and error the input points at (aria-describedby). */
export function FormField({ id, label, error, hint, required, ...input }: FormFieldProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
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
      <input
        id={id}
        className="text-input"
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
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
