import type { ReactNode } from "react";

type StaffActionButtonProps = {
  /** A staff action made with lib/staff/staff-action.ts. */
  action: (formData: FormData) => Promise<void>;
  /** What the action is about (the customer, the message), as hidden fields it reads and checks. */
  fields: Record<string, string>;
  label: string;
  /** What pressing it does, above the button. */
  intro?: ReactNode;
  /** The button's name for a screen reader where the same label repeats (a "Try again" per row). */
  accessibleLabel?: string;
  id?: string;
};

/**
 * Issue 24: one staff button — a plain form that works without JavaScript; the action checks the
 * role, does the work, and comes back to the page with its notice (lib/staff/staff-action.ts).
 */
export function StaffActionButton({ action, fields, label, intro, accessibleLabel, id }: StaffActionButtonProps) {
  return (
    <form id={id} action={action} className={intro ? "space-y-2" : undefined}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {intro && <p>{intro}</p>}
      <button type="submit" className="button-secondary" aria-label={accessibleLabel}>
        {label}
      </button>
    </form>
  );
}
