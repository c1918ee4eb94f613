import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { FieldFrame } from "./field-frame";

type Common = { id: string; label: string; error?: string; hint?: ReactNode; required?: boolean };

/** A labelled input whose hint and error the input points at. */
export function FormField({ id, label, error, hint, required, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      {(control) => <input className="text-input" {...control} {...input} />}
    </FieldFrame>
  );
}

export function TextAreaField({ id, label, error, hint, required, ...textarea }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      {(control) => <textarea className="text-input" rows={6} {...control} {...textarea} />}
    </FieldFrame>
  );
}

export function SelectField({
  id,
  label,
  error,
  hint,
  required,
  options,
  placeholder,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: ReadonlyArray<{ value: string; label: string }>; placeholder: string }) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      {(control) => (
        <select className="text-input" {...control} {...select}>
          <option value="" disabled>
            {placeholder}
          </option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
