import { createHash } from "node:crypto";
import type { Customer, ImportedValues } from "@/lib/db/schema";

/**
 * What a later export may change on a customer imported before. From the first import on this
 * portal owns the account: a field changes only while it still holds what the last import wrote.
 * Once it has changed here — a password set, reset or upgraded at sign-in, an address confirmed by
 * a reset, a lock from failed sign-ins, an operator's unlock, disable or enable — this portal's
 * value stays, whatever the export says.
 */
export type ReimportPlan = {
  /** Fields to write, with the export's values. */
  changes: Array<keyof ImportedValues>;
  /** Fields the export changed but this portal had changed first: kept as they are here. */
  kept: Array<keyof ImportedValues>;
  /** Whether the record of what the import wrote moves on (nothing else may change). */
  bookkeepingOnly: boolean;
};

export const IMPORTED_FIELDS: Array<keyof ImportedValues> = [
  "username",
  "email",
  "emailConfirmed",
  "name",
  "phone",
  "passwordHashSha256",
  "disabled",
  "lockedUntil",
  "mfaEmailCodeRequired",
];

export function passwordHashSha256(passwordHash: string | null): string | null {
  return passwordHash === null ? null : createHash("sha256").update(passwordHash).digest("base64");
}

/** The customer's record today, in the shape the import writes. */
export function currentValuesOf(customer: Customer): ImportedValues {
  return {
    username: customer.username,
    email: customer.email.toLowerCase(),
    emailConfirmed: customer.emailVerified !== null,
    name: customer.name,
    phone: customer.phone,
    passwordHashSha256: passwordHashSha256(customer.passwordHash),
    disabled: customer.disabled,
    lockedUntil: customer.lockedUntil?.toISOString() ?? null,
    mfaEmailCodeRequired: customer.mfaEmailCodeRequired,
  };
}

export function planReimport(current: ImportedValues, lastImported: ImportedValues | null, incoming: ImportedValues): ReimportPlan {
  const changes: Array<keyof ImportedValues> = [];
  const kept: Array<keyof ImportedValues> = [];
  for (const field of IMPORTED_FIELDS) {
    if (current[field] === incoming[field]) continue;
    // Note: no record of the last import means nothing can be shown unchanged here: keep it all.
    if (lastImported && current[field] === lastImported[field]) changes.push(field);
    else if (!lastImported || lastImported[field] !== incoming[field]) kept.push(field);
  }
  const bookkeepingOnly = changes.length === 0 && IMPORTED_FIELDS.some((field) => lastImported?.[field] !== incoming[field]);
  return { changes, kept, bookkeepingOnly };
}
