import { z } from "zod";

/** What a customer's username and email address must be, and the error that tells them why not. */

/**
 * An error fit to show to the person who caused it: a catalog key (locales/*\/messages.json) and
 * its values, worded in their language where it is shown.
 */
export class PublicError extends Error {
  constructor(readonly key: string, readonly values: Record<string, string | number> = {}, readonly field?: string) {
    super(key);
    this.name = "PublicError";
  }
}

// Messages are catalog keys; the screen that shows them words them in the customer's language.
export const usernameSchema = z
  .string()
  .trim()
  .min(3, "validation.username.tooShort")
  .max(64, "validation.username.tooLong")
  .regex(/^[\p{L}\p{N}._-]+$/u, "validation.username.characters");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "validation.email.tooLong")
  .pipe(z.email("validation.email.invalid"));

/** "That username (or address) is taken", on its field. */
export function takenError(field: "username" | "email", input: { username: string; email: string }): PublicError {
  return field === "username" ? new PublicError("validation.username.taken", { username: input.username }, "username") : new PublicError("validation.email.taken", { email: input.email }, "email");
}

type UniqueViolation = { code?: string; constraint_name?: string; constraint?: string };

/** The field a unique index of the customers table refused (another transaction won the name meanwhile), or null for any other error. */
export function takenFieldOf(error: unknown): "username" | "email" | null {
  const violation: UniqueViolation = (error as { cause?: UniqueViolation }).cause ?? (error as UniqueViolation);
  if (violation?.code !== "23505") return null;
  return (violation.constraint_name ?? violation.constraint ?? "").includes("username") ? "username" : "email";
}
