import { randomBytes, randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, lte, sql } from "drizzle-orm";
import SignInCodeEmail from "@/emails/sign-in-code";
import { DAY, MINUTE, now } from "@/lib/clock";
import { db, type Executor } from "@/lib/db";
import { emailCodes, type Customer } from "@/lib/db/schema";
import { consumeLimit } from "@/lib/http/rate-limit";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { keyedHash, sameHash } from "@/lib/auth/two-step/secret-box";
import { lockCustomer } from "@/lib/customers/lookup";

/**
 * Codes sent by email (issue 17; the email_codes table is owned here) — the replaced portal's
 * two-factor method. Six digits, 10 minutes, single use, 5 tries and then a new code is needed;
 * stored only as a keyed hash with a salt of its own. One live code per customer and purpose:
 * a new one replaces the old.
 */
export type EmailCodePurpose = "sign_in" | "turn_on";
export const EMAIL_CODE_LIFETIME_MS = 10 * MINUTE;
export const EMAIL_CODE_TRIES = 5;
/** "Send a new code" works once a minute per sign-in. */
export const EMAIL_CODE_RESEND_COOLDOWN_MS = MINUTE;

function hashCode(customerId: string, salt: string, code: string): string {
  return keyedHash("email-code", `${customerId}:${salt}:${code}`);
}

/** What a typed code looks like once spaces and dashes are gone. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/**
 * Mails a new code, replacing the customer's earlier one of the purpose, in the caller's
 * transaction — at most 10 an hour per account (emailCodesPerAccount); past that nothing is sent.
 */
export async function sendEmailCode(tx: Executor, given: Customer, purpose: EmailCodePurpose, locale: string | null) {
  // The account first (lockCustomer, S49), and its address as it is now: "This wasn't me" may have
  // put the owner's back since the caller read it.
  const customer = (await lockCustomer(tx, given.id)) ?? given;
  if ((await consumeLimit("emailCodesPerAccount", customer.id, tx)).limited) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const salt = randomBytes(16).toString("base64url");
  const createdAt = now();
  const expiresAt = new Date(createdAt.getTime() + EMAIL_CODE_LIFETIME_MS);
  await tx.delete(emailCodes).where(and(eq(emailCodes.customerId, customer.id), eq(emailCodes.purpose, purpose)));
  await tx.insert(emailCodes).values({ customerId: customer.id, purpose, salt, codeHash: hashCode(customer.id, salt, code), createdAt, expiresAt });
  const email = await renderEmail("sign-in-code", SignInCodeEmail, { username: customer.username, code, minutes: EMAIL_CODE_LIFETIME_MS / MINUTE, purpose }, customer.locale ?? locale);
  // A code nobody can use any more is not worth delivering.
  await enqueueMail(tx, customer.email, email, { deliverUntil: expiresAt, supersedeKey: `email-code:${purpose}:${customer.id}` });
}

export async function sendEmailCodeNow(customer: Customer, purpose: EmailCodePurpose, locale: string | null) {
  await (await db()).transaction((tx) => sendEmailCode(tx, customer, purpose, locale));
}

/** Whether the customer has a code of the purpose that can still be used. */
export async function hasLiveEmailCode(customerId: string, purpose: EmailCodePurpose): Promise<boolean> {
  const rows = await (await db())
    .select({ id: emailCodes.id })
    .from(emailCodes)
    .where(and(eq(emailCodes.customerId, customerId), eq(emailCodes.purpose, purpose), isNull(emailCodes.usedAt), gt(emailCodes.expiresAt, now()), lt(emailCodes.tries, EMAIL_CODE_TRIES)))
    .limit(1);
  return rows.length === 1;
}

/** "ok": right and now used; "wrong": not this code; "spent": no usable code (used, expired, or out of tries). */
export type EmailCodeCheck = "ok" | "wrong" | "spent";

/**
 * S45: a try is taken before the comparison, in one UPDATE, so no burst gets more than 5
 * comparisons; a right code is then used up in a second UPDATE that only one request can win.
 */
export async function spendEmailCode(customerId: string, purpose: EmailCodePurpose, typed: string): Promise<EmailCodeCheck> {
  const code = normalizeCode(typed);
  const time = now();
  const database = await db();
  const [row] = await database
    .update(emailCodes)
    .set({ tries: sql`${emailCodes.tries} + 1` })
    .where(
      and(
        eq(emailCodes.customerId, customerId),
        eq(emailCodes.purpose, purpose),
        isNull(emailCodes.usedAt),
        gt(emailCodes.expiresAt, time),
        lt(emailCodes.tries, EMAIL_CODE_TRIES),
      ),
    )
    .returning({ id: emailCodes.id, salt: emailCodes.salt, codeHash: emailCodes.codeHash });
  if (!row) return "spent";
  if (!/^\d{6}$/.test(code) || !sameHash(hashCode(customerId, row.salt, code), row.codeHash)) return "wrong";
  const used = await database
    .update(emailCodes)
    .set({ usedAt: time })
    .where(and(eq(emailCodes.id, row.id), isNull(emailCodes.usedAt)))
    .returning({ id: emailCodes.id });
  return used.length === 1 ? "ok" : "spent";
}

/**
 * Whether a code that did not pass is the right one, already used (by a submission of the same
 * code a moment earlier): the newest code of the purpose, used, with this hash.
 */
export async function isUsedEmailCode(customerId: string, purpose: EmailCodePurpose, typed: string): Promise<boolean> {
  const code = normalizeCode(typed);
  if (!/^\d{6}$/.test(code)) return false;
  const [row] = await (await db())
    .select({ salt: emailCodes.salt, codeHash: emailCodes.codeHash, usedAt: emailCodes.usedAt })
    .from(emailCodes)
    .where(and(eq(emailCodes.customerId, customerId), eq(emailCodes.purpose, purpose)))
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  return Boolean(row?.usedAt) && sameHash(hashCode(customerId, row!.salt, code), row!.codeHash);
}

/** Drops the customer's codes (two-step verification reset by support). */
export async function dropEmailCodes(tx: Executor, customerId: string) {
  await tx.delete(emailCodes).where(eq(emailCodes.customerId, customerId));
}

/** Drops codes that ended more than a day ago. */
export async function pruneEmailCodes(executor?: Executor) {
  await (executor ?? (await db())).delete(emailCodes).where(lte(emailCodes.expiresAt, new Date(now().getTime() - DAY)));
}
