"use client";

import { useEffect, useRef } from "react";
import type { FormState } from "@/lib/http/form";

/**
 * The form's announcement: a live region that is always in the page (so screen readers hear
 * changes), and focus moved to the first field in error after a failed submit.
 */
export function FormMessage({ state, formId }: { state: FormState; formId: string }) {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== "error") return;
    const form = document.getElementById(formId);
    const firstInvalid = form?.querySelector<HTMLElement>("[aria-invalid='true']");
    (firstInvalid ?? region.current)?.focus();
  }, [state, formId]);

  const tone =
    state.status === "error"
      ? "border-danger-700 bg-danger-100 text-danger-700"
      : "border-success-700 bg-success-100 text-success-700";
  return (
    <div ref={region} tabIndex={-1} aria-live="assertive" aria-atomic="true" className="outline-none">
      {state.message && (
        <p role={state.status === "error" ? "alert" : "status"} className={`rounded-md border-l-4 px-4 py-3 font-semibold ${tone}`}>
          {state.message}
        </p>
      )}
    </div>
  );
}
