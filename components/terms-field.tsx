import type { ReactNode } from "react";

/**
 * The "I agree to the terms" checkbox of Register and Redeem invitation: the label beside the box
 * (it carries the terms' link), its error announced and tied to it like every other field's.
 */
export function TermsField({ label, error, autoFocus }: { label: ReactNode; error?: string; autoFocus?: boolean }) {
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-2">
        <input id="terms" name="terms" type="checkbox" required className="mt-1 size-5" aria-invalid={error ? true : undefined} aria-describedby={error ? "terms-error" : undefined} autoFocus={autoFocus} />
        <label htmlFor="terms">{label}</label>
      </div>
      {error && (
        <p id="terms-error" className="text-sm font-semibold text-danger-700">
          {error}
        </p>
      )}
    </div>
  );
}
