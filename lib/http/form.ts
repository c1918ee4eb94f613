/**
 * The one result every form action returns: a message, errors per field, and the non-secret values
 * to put back in the form. Never a password, token or stack trace.
 */
export type FormState<Field extends string = string> = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<Field, string>>;
  values?: Partial<Record<Field, string>>;
};

export const idleForm: FormState = { status: "idle" };

/** A single string from a form: anything else (missing, repeated, a file) is null. */
export function formText(formData: FormData, name: string, maxLength: number): string | null {
  const values = formData.getAll(name);
  if (values.length !== 1 || typeof values[0] !== "string" || values[0].length > maxLength) return null;
  return values[0];
}

/** The first message for each field of a failed zod parse, for FormState.fieldErrors. */
export function fieldErrorsFrom<Field extends string>(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) errors[String(issue.path[0]) as Field] ??= issue.message;
  return errors;
}

/**
 * The field a page served with errors puts the cursor in (autofocus works without JavaScript):
 * the first in the form's order that has an error, else `fallback` when the form failed as a whole.
 */
export function fieldToFocus<Field extends string>(state: FormState<Field>, order: readonly Field[], fallback?: Field): Field | undefined {
  const errors: Partial<Record<Field, string>> = state.fieldErrors ?? {};
  return order.find((field) => errors[field]) ?? (state.status === "error" ? fallback : undefined);
}
