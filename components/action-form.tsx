"use client";

import { useActionState, type ReactNode } from "react";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { FormMessage } from "./form-message";

/** A server action in the shape useActionState takes: the last answer and the form's data in, the next answer out. */
export type FormAction<Field extends string> = (previous: FormState<Field>, formData: FormData) => Promise<FormState<Field>>;

/** The fields an answer speaks about. */
type FieldOf<State> = State extends FormState<infer Field> ? Field : never;

/** What a form draws from its action's last answer. */
export type ActionFormState<State extends FormState> = {
  /** The last answer (an action may add to FormState, as the article editor's preview does). */
  state: State;
  /** The form's `action`: sends the form to the server action. */
  action: (formData: FormData) => void;
  /** The field the answer's first error is in, which takes the focus (autoFocus also works without JavaScript). */
  focus: FieldOf<State> | undefined;
  errors: Partial<Record<FieldOf<State>, string>>;
  /** The non-secret values sent back to refill the form. */
  values: Partial<Record<FieldOf<State>, string>>;
  /** The answer was an error, so password fields came back empty (S6) and say so. */
  cleared: boolean;
  /**
   * One field's part of the answer, to spread on FormField, TextAreaField, SelectField or
   * PasswordField: its name, the value sent back (else `initial`), its error and whether it takes
   * the focus. Its id is the form's to give (FormMessage's fieldIds when it is not the name).
   */
  field: (name: FieldOf<State>, initial?: string) => { name: FieldOf<State>; defaultValue: string | undefined; error: string | undefined; autoFocus: boolean };
};

/**
 * Issue 24: every client form's opening — the action's answer, the field to focus (the first in
 * `order` with an error, else `fallback` when the form failed as a whole), its errors and values.
 */
export function useActionForm<State extends FormState>(
  serverAction: (previous: State, formData: FormData) => Promise<State>,
  order: readonly FieldOf<State>[] = [],
  fallback?: FieldOf<State>,
): ActionFormState<State> {
  // Note: idleForm is every form's first answer; it holds no field, so it fits any State. An answer
  // is never a promise, so Awaited<State> is State (useActionState's types cannot know that).
  const [state, action] = useActionState<State, FormData>(serverAction as (previous: Awaited<State>, formData: FormData) => Promise<State>, idleForm as Awaited<State>);
  return formAnswer(state, action, order, fallback);
}

/** What useActionForm makes of an answer; apart so tests/unit/action-form.test.tsx can give it any answer. */
export function formAnswer<State extends FormState>(state: State, action: (formData: FormData) => void, order: readonly FieldOf<State>[] = [], fallback?: FieldOf<State>): ActionFormState<State> {
  const answer = state as FormState<FieldOf<State>>;
  const focus = fieldToFocus(answer, order, fallback);
  const errors: Partial<Record<FieldOf<State>, string>> = answer.fieldErrors ?? {};
  const values: Partial<Record<FieldOf<State>, string>> = answer.values ?? {};
  return {
    state,
    action,
    focus,
    errors,
    values,
    cleared: state.status === "error",
    // Note: an answer never holds a password (S6), so a password field's defaultValue stays unset.
    field: (name, initial) => ({ name, defaultValue: values[name] ?? initial, error: errors[name], autoFocus: focus === name }),
  };
}

type ActionFormProps = {
  id: string;
  form: Pick<ActionFormState<FormState>, "state" | "action">;
  className?: string;
  /** The fields whose id is not their name, so the summary's links lead to them (see FormMessage). */
  fieldIds?: Partial<Record<string, string>>;
  children: ReactNode;
};

/**
 * The `<form>` every client form is: sent to its server action, the browser's own checks off (the
 * server's messages are the ones tied to each field, and the same with or without JavaScript), and
 * first in it the announcement of the last answer (FormMessage), tied to the form by its id.
 */
export function ActionForm({ id, form, className = "space-y-5", fieldIds, children }: ActionFormProps) {
  return (
    <form id={id} action={form.action} className={className} noValidate>
      <FormMessage state={form.state} formId={id} fieldIds={fieldIds} />
      {children}
    </form>
  );
}
