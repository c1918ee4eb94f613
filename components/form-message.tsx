"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { useEffect, useRef, useSyncExternalStore, type MouseEvent } from "react";
import { useFormStatus } from "react-dom";
import type { FormState } from "@/lib/http/form";
import { Notice } from "./notice";

const subscribeToNothing = () => () => {};

/** The field a summary item points at: its id is usually the field's name, else the named control. */
function fieldFor(form: HTMLElement | null, name: string): HTMLElement | null {
  const byId = document.getElementById(name);
  if (byId && (!form || form.contains(byId))) return byId;
  const named = form instanceof HTMLFormElement ? form.elements.namedItem(name) : null;
  return named instanceof HTMLElement ? named : null;
}

/** The field's label, read from the page once it runs in a browser (null in the server's HTML). */
function useLabelOf(formId: string) {
  const hydrated = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  return (name: string): string | null => {
    if (!hydrated) return null;
    const field = fieldFor(document.getElementById(formId), name);
    const label = field?.id ? document.querySelector(`label[for="${CSS.escape(field.id)}"]`) : null;
    return label?.textContent?.trim() || null;
  };
}

/**
 * The form's announcement, after the GOV.UK error summary: a live region that is always in the page
 * (so screen readers hear changes) holding the form's message, and — when fields are in error — a
 * list of links to them, each named by the field's label, since the field's own message is under
 * the field (each sentence once). Without JavaScript the labels are not known to the server, so
 * the links carry the fields' messages. A message that only repeats a field's gives way to "There
 * is a problem". While the form is being sent again the old summary is dimmed and not announced:
 * it speaks about what is being checked. After a failed submit focus moves to the first field in
 * error. `fieldIds` names the fields whose id is not their name, so the links also lead to them
 * without JavaScript.
 */
export function FormMessage({ state, formId, fieldIds = {} }: { state: FormState; formId: string; fieldIds?: Partial<Record<string, string>> }) {
  const region = useRef<HTMLDivElement>(null);
  const { pending } = useFormStatus();
  const t = useTranslations("fields");
  const labelOf = useLabelOf(formId);
  useEffect(() => {
    if (state.status !== "error") return;
    const form = document.getElementById(formId);
    const firstInvalid = form?.querySelector<HTMLElement>("[aria-invalid='true']");
    (firstInvalid ?? region.current)?.focus();
  }, [state, formId]);

  const fieldErrors = Object.entries(state.fieldErrors ?? {}).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const repeatsAField = fieldErrors.some(([, error]) => error === state.message);
  const title = state.message && !repeatsAField ? state.message : fieldErrors.length > 0 ? t("problem") : undefined;

  function focusField(event: MouseEvent<HTMLAnchorElement>, name: string) {
    const field = fieldFor(document.getElementById(formId), fieldIds[name] ?? name);
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }

  return (
    <div
      ref={region}
      tabIndex={-1}
      aria-live={pending ? "off" : "assertive"}
      aria-atomic="true"
      data-pending={pending || undefined}
      className={`outline-none ${pending ? "opacity-50" : ""}`}
    >
      {title && (
        <Notice as="div" tone={state.status === "error" ? "danger" : "success"}>
          <p className="font-semibold">{title}</p>
          {fieldErrors.length > 0 && (
            <ul className="mt-2 list-disc space-y-1 ps-5">
              {fieldErrors.map(([name, error]) => (
                <li key={name}>
                  <a href={`#${fieldIds[name] ?? name}`} className="font-semibold text-danger-700 underline" onClick={(event) => focusField(event, name)}>
                    {labelOf(fieldIds[name] ?? name) ?? error}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
    </div>
  );
}
