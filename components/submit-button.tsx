"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { useFormStatus } from "react-dom";

type SubmitButtonProps = {
  children: string;
  pendingLabel?: string;
  /** For a form with several submits ("Preview", "Save"): the one pressed is sent as name=value. */
  name?: string;
  value?: string;
  secondary?: boolean;
};

/**
 * The form's submit button. While the form is being sent it says what is happening ("Signing in…";
 * `pendingLabel`, else "Sending…") and refuses a second press; the change is also announced. In a
 * form with several submits only the pressed one (its name=value is in the form's data) says so;
 * the others are refused too.
 */
export function SubmitButton({ children, pendingLabel, name, value, secondary }: SubmitButtonProps) {
  const { pending, data } = useFormStatus();
  const t = useTranslations("fields");
  const busy = pendingLabel ?? t("sending");
  const pressed = pending && (name === undefined || data?.get(name) === value);
  return (
    <>
      <button type="submit" name={name} value={value} className={secondary ? "button-secondary" : "button-primary"} aria-disabled={pending} disabled={pending}>
        {pressed ? busy : children}
      </button>
      <span role="status" className="sr-only">
        {pressed ? busy : ""}
      </span>
    </>
  );
}
