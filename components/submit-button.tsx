"use client";

import { useTranslations } from "next-intl";
import { useFormStatus } from "react-dom";

/**
 * The form's submit button. While the form is being sent it says what is happening ("Signing in…";
 * `pendingLabel`, else "Sending…") and refuses a second press; the change is also announced.
 */
export function SubmitButton({ children, pendingLabel }: { children: string; pendingLabel?: string }) {
  const { pending } = useFormStatus();
  const t = useTranslations("fields");
  const busy = pendingLabel ?? t("sending");
  return (
    <>
      <button type="submit" className="button-primary" aria-disabled={pending} disabled={pending}>
        {pending ? busy : children}
      </button>
      <span role="status" className="sr-only">
        {pending ? busy : ""}
      </span>
    </>
  );
}
