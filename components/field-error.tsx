"use client";

import { useFormStatus } from "react-dom";

/**
 * A field's own message, under the field. While its form is being sent again the message is
 * dimmed: it speaks about the value being checked, not about what the customer sees now.
 */
export function FieldError({ id, children }: { id: string; children: string }) {
  const { pending } = useFormStatus();
  return (
    <p id={id} data-pending={pending || undefined} className={`text-sm font-semibold text-danger-700 ${pending ? "opacity-50" : ""}`}>
      {children}
    </p>
  );
}
