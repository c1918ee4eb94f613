import { recordAudit, type AuditActor } from "@/lib/audit";
import { emailSchema, PublicError, usernameSchema } from "@/lib/customers/account-fields";
import { insertCustomer, setCustomerDisabledFlag } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword, type PasswordRefusal } from "@/lib/auth/password-policy";
import { recoverAccount } from "@/lib/auth/recovery";
import { lockCustomer } from "@/lib/customers/lookup";

/** A new password the policy refused, with the policy's reason (worded where it is shown). */
export class PasswordRefused extends Error {
  constructor(readonly refusal: PasswordRefusal) {
    super(`password refused: ${refusal.code}`);
    this.name = "PasswordRefused";
  }
}

/** An account as the operator creates it: with a password, or with none (set later through "Forgot your password?"). */
export type NewAccount = {
  username: string;
  email: string;
  name?: string | null;
  password?: string | null;
  /** The operator vouches for the address (the demo account, test seeds, `create --confirmed`). */
  emailConfirmed?: boolean;
};

export async function createAccount(input: NewAccount): Promise<Customer> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new PublicError(username.error.issues[0].message, {}, "username");
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new PublicError(email.error.issues[0].message, {}, "email");

  let passwordHash: string | null = null;
  if (input.password) {
    const verdict = checkNewPassword(input.password, { username: username.data, email: email.data });
    if (!verdict.ok) throw new PasswordRefused(verdict);
    passwordHash = await hashPassword(verdict.password);
  }
  return insertCustomer({ username: username.data, email: email.data, name: input.name, passwordHash, emailVerified: input.emailConfirmed ? new Date() : null });
}

/** S12, S33: disabling ends every session and voids any reset link; enabling only lifts the flag. */
export async function setAccountDisabled(customerId: string, disabled: boolean, actor?: AuditActor) {
  await (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49): the flag's UPDATE alone would have to wait again for recovery's lock.
    await lockCustomer(tx, customerId);
    await setCustomerDisabledFlag(tx, customerId, disabled);
    if (disabled) await recoverAccount(tx, customerId, "disabled", { meta: actor?.meta });
    await recordAudit({ event: disabled ? "customer_disabled" : "customer_enabled", customerId, actorId: actor?.actorId, meta: actor?.meta }, tx);
  });
}
