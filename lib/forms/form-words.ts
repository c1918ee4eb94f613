import { getLocale, getTranslations } from "next-intl/server";
import type { z } from "zod";
import { attachmentLimits, type UploadRefusal } from "@/lib/support/attachments/attachments";
import { fieldErrorsFrom, guardForm, readFields, type FieldProblem, type FormState } from "@/lib/http/form";

/**
 * The words of form results, in the request's language. Actions give lib/ keys and codes; this
 * turns them into text on the server, so client components only show what they receive.
 * Note: it sits above the features whose refusals it words (attachments here, the password policy
 * in password-words.ts), so it is not in lib/i18n, which mail and every feature use from below.
 */

/** guardForm, with the "could not be read" answer in the visitor's language. */
export function translatedForm<Field extends string>(action: (previous: FormState<Field>, formData: FormData) => Promise<FormState<Field>>) {
  return guardForm(action, async () => (await getTranslations("fields"))("unreadableForm"));
}

/** Minutes to wait, rounded up, at least one: what "Too many attempts" says. */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/**
 * The attachment limits as a message's values (ATTACHMENT_TYPES and the sizes): `{kinds}` names the
 * kinds of file taken in `locale` ("images (photos, screenshots), PDF, text, or CSV"), so a narrowed
 * setting is what the hint and the refusals say. `t` reads the "cases" catalog.
 */
export function attachmentLimitValues(t: (key: string) => string, locale: string) {
  const { maxFiles, maxFileMb, maxMessageMb, kindGroups } = attachmentLimits();
  const kinds = new Intl.ListFormat(locale, { type: "disjunction" }).format(kindGroups.map((group) => t(`fileKinds.${group}`)));
  return { maxFiles, maxFileMb, maxMessageMb, kinds };
}

export async function formWords() {
  const t = await getTranslations();
  return {
    t,
    /**
     * Field messages for what the input gate refused. A field listed without a problem gets no
     * message (Sign in listed both of its fields, and the other one showed "fields.problems.undefined").
     */
    problems<Field extends string>(problems: Partial<Record<Field, FieldProblem>>): Partial<Record<Field, string>> {
      const refused = Object.entries(problems).filter((entry): entry is [string, FieldProblem] => entry[1] !== undefined);
      return Object.fromEntries(refused.map(([field, problem]) => [field, t(`fields.problems.${problem}`)])) as Partial<Record<Field, string>>;
    },
    /** Field messages for a failed zod parse whose messages are catalog keys. */
    issues<Field extends string>(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Partial<Record<Field, string>> {
      return fieldErrorsFrom<Field>(issues, (key) => t(key));
    },
    /** Issue 26: why a message's files were refused, naming the file. */
    async fileRefusal(refusal: { reason: UploadRefusal | "unavailable"; fileName?: string }): Promise<string> {
      // The locale is read here, not for every form's words (a sign-in never names a file).
      return t(`cases.fileErrors.${refusal.reason}`, { name: refusal.fileName ?? "", ...attachmentLimitValues((key) => t(`cases.${key}`), await getLocale()) });
    },
    tooManyAttempts(retryAfterSeconds: number): string {
      return t("limits.tooManyAttempts", { minutes: minutesToWait(retryAfterSeconds) });
    },
  };
}

/**
 * One multi-line text (a reply, a note) read through the input gate and checked by a zod schema
 * whose messages are catalog keys: the text, or the form's answer in the visitor's language.
 */
export async function readMessage<Field extends string>(
  formData: FormData,
  field: Field,
  schema: z.ZodType<string, string>,
): Promise<{ ok: true; text: string } | { ok: false; state: FormState<Field> }> {
  const form = readFields(formData, { [field]: { maxLength: 20_000, multiline: true } } as Record<Field, { maxLength: number; multiline: boolean }>);
  const parsed = schema.safeParse(form.values[field]);
  if (form.ok && parsed.success) return { ok: true, text: parsed.data };
  const words = await formWords();
  const fieldErrors = { ...(parsed.success ? {} : words.issues<Field>(parsed.error.issues.map((issue) => ({ ...issue, path: [field] })))), ...words.problems(form.problems) };
  return { ok: false, state: { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values: form.values } };
}
