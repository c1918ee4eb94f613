"use client";

import { useFormStatus } from "react-dom";

export function SubmitButton({ children }: { children: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button-primary" aria-disabled={pending} disabled={pending}>
      {children}
    </button>
  );
}
