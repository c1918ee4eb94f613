import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { db, type Executor } from "@/lib/db";
import { customers, passwordResetTokens, type Customer } from "@/lib/db/schema";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword } from "@/lib/auth/password-policy";

/** An error whose message is fit to show to the person who caused it. */
export class PublicError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = "PublicError";
  }
}

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "A username has at least 3 characters.")
  .max(64, "A username has at most 64 characters.")
  .regex(/^[\p{L}\p{N}._-]+$/u, "A username may hold letters, digits, dots, dashes and underscores.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email("Enter an email address such as name@example.com."));

export async function findCustomerById(id: string, executor?: Executor): Promise<Customer | undefined> {
  // Note: ids come from tokens and forms; a malformed one is "no such customer", not a database error.
  if (!z.uuid().safeParse(id).success) return undefined;
  const target = executor ?? (await db());
  const [row] = await target.select().from(customers).where(eq(customers.id, id)).limit(1);
  return row;
}

/** The Username field also accepts the account's email address. */
export async function findCustomerByLogin(login: string, executor?: Executor): Promise<Customer | undefined> {
  const target = executor ?? (await db());
  const rows = await target
    .select()
    .from(customers)
    .where(or(sql`lower(${customers.username}) = lower(${login})`, sql`lower(${customers.email}) = lower(${login})`))
    .limit(2);
  return rows.find((row) => row.username.toLowerCase() === login.toLowerCase()) ?? rows[0];
}

export async function findCustomerByEmail(email: string, executor?: Executor): Promise<Customer | undefined> {
  const target = executor ?? (await db());
  const [row] = await target.select().from(customers).where(sql`lower(${customers.email}) = lower(${email})`).limit(1);
  return row;
}

export type NewCustomer = { username: string; email: string; name?: string | null; password?: string | null };

/** Creates a customer, with a password or with none (the customer then sets one through the reset flow). */
export async function createCustomer(input: NewCustomer): Promise<Customer> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new PublicError(username.error.issues[0].message, "username");
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new PublicError(email.error.issues[0].message, "email");

  let passwordHash: string | null = null;
  if (input.password) {
    const verdict = checkNewPassword(input.password, { username: username.data, email: email.data });
    if (!verdict.ok) throw new PublicError(verdict.message, "password");
    passwordHash = await hashPassword(verdict.password);
  }

  const database = await db();
  const taken = await database
    .select({ username: customers.username, email: customers.email })
    .from(customers)
    .where(or(sql`lower(${customers.username}) = lower(${username.data})`, sql`lower(${customers.email}) = ${email.data}`));
  if (taken.some((row) => row.username.toLowerCase() === username.data.toLowerCase())) {
    throw new PublicError(`The username "${username.data}" is taken.`, "username");
  }
  if (taken.length > 0) throw new PublicError(`The email address ${email.data} belongs to another customer.`, "email");

  const [created] = await database
    .insert(customers)
    .values({ username: username.data, email: email.data, name: input.name?.trim() || null, passwordHash })
    .returning();
  await recordAudit({ event: "customer_created", customerId: created.id });
  return created;
}

export async function listCustomers(): Promise<Customer[]> {
  return (await db()).select().from(customers).orderBy(customers.createdAt);
}

/** S23/S33: ends every session the customer has, on every device. */
export async function revokeSessions(customerId: string, executor?: Executor): Promise<number> {
  const target = executor ?? (await db());
  const [row] = await target
    .update(customers)
    .set({ sessionVersion: sql`${customers.sessionVersion} + 1`, updatedAt: now() })
    .where(eq(customers.id, customerId))
    .returning({ sessionVersion: customers.sessionVersion });
  return row?.sessionVersion ?? 0;
}

/** S12, S33: disabling ends the customer's sessions and voids any reset link. */
export async function setCustomerDisabled(customerId: string, disabled: boolean) {
  const database = await db();
  await database.transaction(async (tx) => {
    await tx.update(customers).set({ disabled, updatedAt: now() }).where(eq(customers.id, customerId));
    if (disabled) {
      await revokeSessions(customerId, tx);
      await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.customerId, customerId));
    }
    await recordAudit({ event: disabled ? "customer_disabled" : "customer_enabled", customerId }, tx);
  });
}

/** Lifts a lockout, including the block that follows 100 consecutive failures. */
export async function unlockCustomer(customerId: string) {
  const database = await db();
  await database
    .update(customers)
    .set({ failedSignIns: 0, lockedUntil: null, passwordSignInBlocked: false, updatedAt: now() })
    .where(eq(customers.id, customerId));
  await recordAudit({ event: "customer_unlocked", customerId });
}
