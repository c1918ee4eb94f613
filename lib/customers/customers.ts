import { and, eq, isNotNull, sql, type SQLWrapper } from "drizzle-orm";
import { recordAudit, recordAuditEntries, type AuditActor } from "@/lib/audit";
import { now } from "@/lib/clock";
import { db, type Executor } from "@/lib/db";
import { writeTogether } from "@/lib/db/one-statement";
import { preparedPerDatabase } from "@/lib/db/prepared";
import { customers, type Customer, type ImportedValues, type Role } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { takenError, takenFieldOf } from "./account-fields";
import type { ImportedCustomer } from "./imported";
import { mayTryAt, passwordAttemptCounted, passwordSuccessForgiven, secondStepAttemptCounted, secondStepAttemptForgiven, UNLOCKED } from "./lockout";
import { hasEmail, lockCustomer, takenLoginField } from "./lookup";

/**
 * The one module that writes the customers table (issue 12: one owner per table). Everything that
 * changes a customer's record — creation, password, session version, lock state, disabling —
 * goes through a function here; other modules call them, inside their own transactions. Reads are
 * in lookup.ts, what a username and an address must be in account-fields.ts, and the lockout
 * rule's columns in lockout.ts.
 */

export type NewCustomer = Pick<typeof customers.$inferInsert, "username" | "email" | "name" | "passwordHash" | "emailVerified" | "locale" | "termsVersion" | "termsAcceptedAt">;

/** Inserts a customer whose fields the caller has validated; a taken username or email is a PublicError. */
export async function insertCustomer(input: NewCustomer, given?: Executor): Promise<Customer> {
  const target = given ?? (await db());
  const taken = await takenLoginField(input, target);
  if (taken) throw takenError(taken, input);
  const created = await insertOrExplain(target, input);
  await recordAudit({ event: "customer_created", customerId: created.id }, target);
  return created;
}

/** The insert itself; a unique index won by another transaction meanwhile is a PublicError too (no 500). */
async function insertOrExplain(target: Executor, input: NewCustomer): Promise<Customer> {
  try {
    const { username, email, name, passwordHash, emailVerified, locale, termsVersion, termsAcceptedAt } = input;
    const [created] = await target
      .insert(customers)
      .values({ username, email: email.toLowerCase(), name: name?.trim() || null, passwordHash, emailVerified, locale, termsVersion, termsAcceptedAt })
      .returning();
    return created;
  } catch (error) {
    const field = takenFieldOf(error);
    if (!field) throw error;
    throw takenError(field, input);
  }
}

/**
 * S27, S45: counts a password attempt *before* the password is checked, in one conditional
 * statement: it succeeds only while the account may try a password (enabled, not locked, not
 * blocked, has a password), and the attempt that reaches the 5th failure starts the lock and the
 * 100th the block. Of any number of simultaneous attempts exactly as many as the rule allows get
 * a row back; only those may run argon2id. A success then clears the count.
 */
export async function claimPasswordAttempt(customerId: string): Promise<(Customer & { passwordHash: string }) | undefined> {
  const [row] = await (await passwordAttemptClaim()).execute({ id: customerId, time: now().toISOString() });
  return row as (Customer & { passwordHash: string }) | undefined;
}

/**
 * Issue 25: every password check's statement (a real account's and, S26, the same one for nobody)
 * is built once per database and kept as a prepared query: building an update that returns the
 * customer's every column cost a sign-in more CPU than sending it.
 */
const passwordAttemptClaim = preparedPerDatabase((database) => {
  const time = sql.placeholder("time");
  const next = sql`${customers.failedSignIns} + 1`;
  return database
    .update(customers)
    .set(passwordAttemptCounted(next, time))
    .where(and(sql`${customers.id} = ${sql.placeholder("id")}::uuid`, mayTryAt(time), isNotNull(customers.passwordHash)))
    .returning()
    .prepare("claim_password_attempt");
});

/**
 * Issue 17, S27, S45: counts a second-step attempt (a code after the right password) before the
 * code is checked, in one conditional statement, as claimPasswordAttempt does for passwords, by
 * the same rule and on a count of its own (lockout.ts).
 */
export async function claimSecondStepAttempt(customerId: string): Promise<Customer | undefined> {
  const time = now();
  const next = sql`${customers.failedSecondSteps} + 1`;
  const [row] = await (await db())
    .update(customers)
    .set(secondStepAttemptCounted(next, time))
    .where(and(eq(customers.id, customerId), mayTryAt(time)))
    .returning();
  return row;
}

/** A right second step: the wrong codes before it are forgiven. */
export async function recordSecondStepSuccess(customerId: string) {
  await (await db()).update(customers).set({ failedSecondSteps: 0, lockedUntil: null }).where(eq(customers.id, customerId));
}

/**
 * Issue 22, item 9: an attempt that turned out to be the right code, already used by a submission
 * of the same code a moment earlier (a double-click), is not a failure: its count is taken back.
 */
export async function forgiveSecondStepAttempt(customerId: string) {
  await (await db()).update(customers).set(secondStepAttemptForgiven()).where(eq(customers.id, customerId));
}

/**
 * Issue 17: whether a code sent by email is asked for at every sign-in — the import sets it for
 * customers whose Power Pages record had two-factor on; the customer turns it on or off on /account.
 */
export async function setEmailCodeRequired(tx: Executor, customerId: string, required: boolean): Promise<boolean> {
  const rows = await tx.update(customers).set({ mfaEmailCodeRequired: required, updatedAt: now() }).where(and(eq(customers.id, customerId), eq(customers.mfaEmailCodeRequired, !required))).returning({ id: customers.id });
  return rows.length === 1;
}

/** S26: the same statement an attempt on a real account costs, on no row (unknown usernames). */
export async function claimPasswordAttemptForNobody() {
  await claimPasswordAttempt("00000000-0000-0000-0000-000000000000");
}

/** A stored hash replaced at sign-in (S5): the one verified, its replacement, and the old format. */
export type PasswordUpgrade = { from: string; to: string; format: string };

/**
 * A right password: the attempts so far are forgiven. With an upgrade, the stronger hash replaces
 * the weaker one in the same statement, and the audit row goes in the same transaction. Note: the
 * hash is replaced only while it is still the one just verified, so a reset that landed meanwhile
 * is never undone by the old password's rehash.
 *
 * `alongside`: other modules' writes that belong with it (issue 25: the client's point given back,
 * S28), sent in the same statement — or, with an upgrade, the same transaction.
 */
export async function recordPasswordSuccess(customerId: string, upgrade: PasswordUpgrade | null, meta?: RequestMeta, alongside: SQLWrapper[] = []) {
  // Issue 17, S27: the lock and the block are lifted only when wrong passwords set them (lockout.ts).
  const success = passwordSuccessForgiven();
  const database = await db();
  if (!upgrade) {
    await writeTogether(database, [database.update(customers).set(success).where(eq(customers.id, customerId)), ...alongside]);
    return;
  }
  await database.transaction(async (tx) => {
    const passwordHash = sql`case when ${customers.passwordHash} = ${upgrade.from} then ${upgrade.to} else ${customers.passwordHash} end`;
    const [row] = await tx.update(customers).set({ ...success, passwordHash }).where(eq(customers.id, customerId)).returning({ passwordHash: customers.passwordHash });
    if (row?.passwordHash === upgrade.to) {
      await recordAudit({ event: "password_hash_upgraded", customerId, meta, details: { from: upgrade.format, to: "argon2id" } }, tx);
    }
    await writeTogether(tx, alongside);
  });
}

/** The language the customer chose; their mail goes out in it. */
export async function setCustomerLocale(customerId: string, locale: string) {
  await (await db()).update(customers).set({ locale, updatedAt: now() }).where(eq(customers.id, customerId));
}

/** A sign-in that did not use the password (an external account, later a passkey). */
export async function noteSignIn(customerId: string, browserTimeZone?: string | null) {
  await signInNoted(await db(), customerId, browserTimeZone, now());
}

/** noteSignIn's statement, not yet run: a finished sign-in makes it part of one statement (issue 25). */
export function signInNoted(database: Executor, customerId: string, browserTimeZone: string | null | undefined, time: Date) {
  // Issue 26: the browser's zone is the one mail is written in until the customer chooses one.
  return database.update(customers).set({ lastSignInAt: time, ...(browserTimeZone && { browserTimeZone }) }).where(eq(customers.id, customerId));
}

/** Issue 26: the time zone chosen on Account (null: follow the browser's). The caller has checked it is one. */
export async function setTimeZone(customerId: string, timeZone: string | null) {
  await (await db()).update(customers).set({ timeZone, updatedAt: now() }).where(eq(customers.id, customerId));
}

/** S23, S33: the one place a session version moves on; every session carrying the old one ends. */
export async function bumpSessionVersion(tx: Executor, customerId: string): Promise<number> {
  const [row] = await tx.update(customers).set({ sessionVersion: sql`${customers.sessionVersion} + 1`, updatedAt: now() }).where(eq(customers.id, customerId)).returning({ sessionVersion: customers.sessionVersion });
  return row?.sessionVersion ?? 0;
}

/**
 * Moves the session version on from `from` (the asking session's) and returns the version now;
 * when it has already moved on — the same press sent twice at once — it stays where it is. One
 * conditional UPDATE, so of presses at once one moves it.
 */
export async function moveSessionVersionOn(tx: Executor, customerId: string, from: number): Promise<number> {
  const [moved] = await tx
    .update(customers)
    .set({ sessionVersion: from + 1, updatedAt: now() })
    .where(and(eq(customers.id, customerId), eq(customers.sessionVersion, from)))
    .returning({ sessionVersion: customers.sessionVersion });
  if (moved) return moved.sessionVersion;
  const [row] = await tx.select({ sessionVersion: customers.sessionVersion }).from(customers).where(eq(customers.id, customerId)).limit(1);
  return row?.sessionVersion ?? 0;
}

/**
 * Stores a new password hash. A reset (S24) also clears the lockout and, since following the
 * emailed link proves the address, marks it confirmed — only while the address is still the one
 * the link was sent to (S9).
 */
export async function setPasswordHash(tx: Executor, customerId: string, passwordHash: string, options: { clearLockout?: boolean; confirmEmail?: string } = {}): Promise<Customer | undefined> {
  const time = now();
  const stillTheAddress = options.confirmEmail ? hasEmail(options.confirmEmail) : undefined;
  const [row] = await tx
    .update(customers)
    .set({ passwordHash, updatedAt: time, ...(options.clearLockout ? UNLOCKED : {}), ...(options.confirmEmail ? { emailVerified: time } : {}) })
    .where(and(eq(customers.id, customerId), eq(customers.disabled, false), stillTheAddress))
    .returning();
  return row;
}

/** Marks the address confirmed, only while it is still the customer's (S9). */
export async function confirmCustomerEmail(tx: Executor, customerId: string, email: string): Promise<boolean> {
  const rows = await tx.update(customers).set({ emailVerified: now(), updatedAt: now() }).where(and(eq(customers.id, customerId), hasEmail(email))).returning({ id: customers.id });
  return rows.length === 1;
}

/** Issue 16: the name and phone number a customer gives on /account (the phone already in E.164, or null). */
export async function updateProfile(customerId: string, profile: { name: string | null; phone: string | null }): Promise<Customer | undefined> {
  const [row] = await (await db()).update(customers).set({ name: profile.name, phone: profile.phone, updatedAt: now() }).where(eq(customers.id, customerId)).returning();
  return row;
}

/** Issue 27: which of the support team's mails a staff member receives. */
export async function setStaffMailChoices(customerId: string, choices: Pick<Customer, "notifyNewWork" | "notifyAssignments" | "notifyCustomerReplies">) {
  await (await db()).update(customers).set({ ...choices, updatedAt: now() }).where(eq(customers.id, customerId));
}

/** Issue 16: whether the customer is mailed about sign-ins from browsers not seen before. */
export async function setNewBrowserAlerts(customerId: string, on: boolean, given?: Executor) {
  await (given ?? (await db())).update(customers).set({ newBrowserAlerts: on, updatedAt: now() }).where(eq(customers.id, customerId));
}

/**
 * Issue 16: moves the account to another address, confirmed (a link mailed to it was followed) —
 * only while the account still has `from` (S9), or whatever it has when `from` is null (restoring
 * the old address after "This wasn't me"). The caller has checked that no other account has the
 * address; the unique index settles a race.
 */
export async function changeCustomerEmail(tx: Executor, customerId: string, from: string | null, to: string): Promise<Customer | undefined> {
  const time = now();
  const stillFrom = from === null ? undefined : hasEmail(from);
  const [row] = await tx.update(customers).set({ email: to, emailVerified: time, updatedAt: time }).where(and(eq(customers.id, customerId), stillFrom)).returning();
  return row;
}

/**
 * Issue 16, "This wasn't me": someone who knew the password changed, or tried to change, the
 * address. Password sign-in stays blocked until a reset sets a new password (the flag a reset
 * already clears, S20).
 */
export async function requirePasswordReset(tx: Executor, customerId: string) {
  await tx.update(customers).set({ passwordSignInBlocked: true, updatedAt: now() }).where(and(eq(customers.id, customerId), isNotNull(customers.passwordHash)));
}

export async function setCustomerDisabledFlag(tx: Executor, customerId: string, disabled: boolean) {
  await tx.update(customers).set({ disabled, updatedAt: now() }).where(eq(customers.id, customerId));
}

/** Lifts a lockout, including the block that follows 100 consecutive failures. */
export async function unlockCustomer(customerId: string, actor?: AuditActor) {
  await (await db()).update(customers).set({ ...UNLOCKED, updatedAt: now() }).where(eq(customers.id, customerId));
  await recordAudit({ event: "customer_unlocked", customerId, actorId: actor?.actorId, meta: actor?.meta });
}

/**
 * Gives a person a role (issue 15). Who may do so is decided by the caller (the CLI, or an admin
 * on the staff screens); the change and who made it are audited. Sessions stay as they are: the
 * role is read from this row on every request, so the change counts from the next one.
 */
export async function setCustomerRole(customerId: string, role: Role, actor?: AuditActor): Promise<{ from: Role; to: Role } | undefined> {
  return (await db()).transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    if (!customer) return undefined;
    if (customer.role !== role) {
      await tx.update(customers).set({ role, updatedAt: now() }).where(eq(customers.id, customerId));
      await recordAudit({ event: "role_changed", customerId, actorId: actor?.actorId, meta: actor?.meta, details: { from: customer.role, to: role } }, tx);
    }
    return { from: customer.role, to: role };
  });
}

/** New customers from one import batch, in one statement, each with its customer_imported audit row. */
export async function insertImportedCustomers(
  tx: Executor,
  rows: Array<ImportedCustomer & { dataverseContactId: string; importedValues: ImportedValues }>,
  importedAt: Date,
): Promise<Array<{ id: string; dataverseContactId: string }>> {
  if (rows.length === 0) return [];
  const created = await tx
    .insert(customers)
    .values(rows.map((row) => ({ ...row, email: row.email.toLowerCase(), importedAt, createdAt: importedAt, updatedAt: importedAt })))
    .returning({ id: customers.id, dataverseContactId: customers.dataverseContactId });
  await recordAuditEntries(created.map((row) => ({ event: "customer_imported" as const, customerId: row.id, details: { contactId: row.dataverseContactId } })), tx);
  return created as Array<{ id: string; dataverseContactId: string }>;
}

/** A later export's changes to an imported customer (the caller has decided which fields may change). */
export async function updateImportedCustomer(tx: Executor, customerId: string, changes: Partial<ImportedCustomer>, importedValues: ImportedValues) {
  await tx.update(customers).set({ ...changes, ...(changes.email ? { email: changes.email.toLowerCase() } : {}), importedValues, updatedAt: now() }).where(eq(customers.id, customerId));
}
