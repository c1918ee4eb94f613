import type { FieldSpec } from "./form";

/**
 * The new-password pair every form that sets a password has — Register, Redeem invitation, the
 * reset link's page and Change password on Account — read and checked one way. The strength rules
 * are the password policy's, which each action applies with the account's username and address.
 */

/** The name of the field that repeats the new password; the new password's own name is the form's. */
export const CONFIRM_FIELD = "confirmPassword";
type Pair<Name extends string> = Name | typeof CONFIRM_FIELD;

// Long enough for any passphrase a password manager makes; more is refused as too long, never cut.
const passwordField: FieldSpec = { maxLength: 4096 };

/** The pair's two fields, for readFields with the form's others. */
export function newPasswordFields<Name extends string>(name: Name): Record<Pair<Name>, FieldSpec> {
  return { [name]: passwordField, [CONFIRM_FIELD]: passwordField } as Record<Pair<Name>, FieldSpec>;
}

/**
 * The pair's own errors, each tied to its field: no new password (when the form words one), and a
 * confirmation that differs. Each form keeps its own words for them.
 */
export function newPasswordPairErrors<Name extends string>(
  name: Name,
  values: Record<Pair<Name>, string>,
  words: { enter?: string; mismatch: string },
): Partial<Record<Pair<Name>, string>> {
  const errors: Partial<Record<Pair<Name>, string>> = {};
  if (words.enter && !values[name]) errors[name] = words.enter;
  if (values[name] !== values[CONFIRM_FIELD]) errors[CONFIRM_FIELD] = words.mismatch;
  return errors;
}
