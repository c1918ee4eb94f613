import { getTranslations } from "next-intl/server";
import { fieldErrorsFrom, guardForm, type FieldProblem, type FormState } from "@/lib/http/form";

/**
 * The words of form results, in the request's language. Actions give lib/ keys and codes; this
 * turns them into text on the server, so client components only show what they receive.
 */

/** guardForm, with the "could not be read" answer in the visitor's language. */
export function translatedForm<Field extends string>(action: (previous: FormState<Field>, formData: FormData) => Promise<FormState<Field>>) {
  return guardForm(action, async () => (await getTranslations("fields"))("unreadableForm"));
}

/** Minutes to wait, rounded up, at least one: what "Too many attempts" says. */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

export async function formWords() {
  const t = await getTranslations();
  return {
    t,
    /** Field messages for what the input gate refused. */
    problems<Field extends string>(problems: Partial<Record<Field, FieldProblem>>): Partial<Record<Field, string>> {
      return Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, t(`fields.problems.${problem as FieldProblem}`)])) as Partial<Record<Field, string>>;
    },
    /** Field messages for a failed zod parse whose messages are catalog keys. */
    issues<Field extends string>(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Partial<Record<Field, string>> {
      return fieldErrorsFrom<Field>(issues, (key) => t(key));
    },
    tooManyAttempts(retryAfterSeconds: number): string {
      return t("limits.tooManyAttempts", { minutes: minutesToWait(retryAfterSeconds) });
    },
  };
}
