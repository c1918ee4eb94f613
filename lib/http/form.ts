/**
 * The input gate every form passes (issue 11). Server actions are public endpoints: anyone can
 * call one with anything — no form data at all, a field sent twice, a file, a megabyte, a NUL
 * byte that PostgreSQL refuses. Actions read their fields only through readFields and are wrapped
 * in guardForm, so hostile input becomes a field's message, never a 500 or a log line.
 */

/** The one result every form action returns: a message, errors per field, and the non-secret values to refill. Never a password, token or stack trace. */
export type FormState<Field extends string = string> = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<Field, string>>;
  values?: Partial<Record<Field, string>>;
};

export const idleForm: FormState = { status: "idle" };

/**
 * Wraps a useActionState action: anything but (state, FormData) gets the generic answer, in the
 * words `unreadable` gives it (the caller's catalog; lib/ holds no user-facing text).
 */
export function guardForm<Field extends string>(
  action: (previous: FormState<Field>, formData: FormData) => Promise<FormState<Field>>,
  unreadable: () => Promise<string>,
): (previous: FormState<Field>, formData: FormData) => Promise<FormState<Field>> {
  return async (previous, formData) => {
    if (!(formData instanceof FormData)) return { status: "error", message: await unreadable() };
    return action(previous, formData);
  };
}

/** Wraps a plain `<form action>` action: anything but FormData is ignored. */
export function guardPlainForm(action: (formData: FormData) => Promise<void>): (formData: FormData) => Promise<void> {
  return async (formData) => {
    if (formData instanceof FormData) await action(formData);
  };
}

export type FieldSpec = { maxLength: number; multiline?: boolean };
/** Why a field could not be taken: missing or repeated or a file, over its hard limit, or holding control characters. */
export type FieldProblem = "unreadable" | "too_long" | "control_characters";

// Tab, line feed and carriage return are text in a multi-line field; every other C0/C1 control
// character (NUL above all) and the Unicode non-characters never are.
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/u;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/u;

export function readField(formData: FormData, name: string, spec: FieldSpec): { value: string } | { problem: FieldProblem } {
  const entries = formData.getAll(name);
  if (entries.length > 1 || (entries.length === 1 && typeof entries[0] !== "string")) return { problem: "unreadable" };
  const value = (entries[0] as string | undefined) ?? "";
  if (value.length > spec.maxLength) return { problem: "too_long" };
  // Note: lone surrogates (invalid UTF-16, from invalid UTF-8) cannot be stored either.
  if ((spec.multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value) || !value.isWellFormed()) return { problem: "control_characters" };
  return { value };
}

/** One short field's text, or null when it is missing or could not be taken (a hidden field such as a provider id). */
export function readFieldOrNull(formData: FormData, name: string, maxLength: number): string | null {
  const read = readField(formData, name, { maxLength });
  return "value" in read && read.value !== "" ? read.value : null;
}

export type ReadFields<Field extends string> = {
  /** Each field's text; "" for a field that could not be taken. */
  values: Record<Field, string>;
  /** What was wrong with the fields that could not be taken (lib/forms/form-words.ts words them). */
  problems: Partial<Record<Field, FieldProblem>>;
  ok: boolean;
};

export function readFields<Field extends string>(formData: FormData, spec: Record<Field, FieldSpec>): ReadFields<Field> {
  const values = {} as Record<Field, string>;
  const problems: Partial<Record<Field, FieldProblem>> = {};
  for (const name of Object.keys(spec) as Field[]) {
    const read = readField(formData, name, spec[name]);
    if ("value" in read) values[name] = read.value;
    else {
      values[name] = "";
      problems[name] = read.problem;
    }
  }
  return { values, problems, ok: Object.keys(problems).length === 0 };
}

/** The first message for each field of a failed zod parse, through `word` (a catalog's translator). */
export function fieldErrorsFrom<Field extends string>(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
  word: (message: string) => string = (message) => message,
): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) errors[String(issue.path[0]) as Field] ??= word(issue.message);
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
