import type { ReactNode } from "react";
import { FieldError } from "./field-error";

export type FieldControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string; required?: boolean };

type FieldFrameProps = {
  id: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  /** Extra descriptions the control points at (e.g. a live character count). */
  describedBy?: string[];
  extra?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
};

/**
 * A field's label, hint and error around its control, which points at both (aria-describedby) and
 * says when it is in error (aria-invalid). The guide marks required fields with "*"; it sits
 * outside the label so the label is the field's name alone.
 */
export function FieldFrame({ id, label, required, hint, error, describedBy = [], extra, children }: FieldFrameProps) {
  const described = [hint ? `${id}-hint` : null, ...describedBy, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <div className="flex gap-1 font-semibold">
        {required && (
          <span aria-hidden="true" className="text-danger-700">
            *
          </span>
        )}
        <label htmlFor={id}>{label}</label>
      </div>
      {children({ id, required, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {extra}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}
