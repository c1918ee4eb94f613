import { and, count, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import ResetPasswordEmail from "@/emails/reset-password";
import { recordAudit } from "@/lib/audit";
import { DAY, HOUR, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { setPasswordHash } from "@/lib/customers/customers";
import { lockCustomer, lockCustomerByEmail } from "@/lib/customers/lookup";
import { db, type Executor, type Transaction } from "@/lib/db";
import { auditLog, customers, passwordResetTokens, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { enqueueJob, type JobPayload } from "@/lib/jobs/queue";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { passwordResetRequested } from "@/lib/operations/events";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword, type PasswordRefusal } from "@/lib/auth/password-policy";
import { recoverAccount } from "@/lib/auth/recovery";
import { sendPasswordChangedNotice } from "@/lib/auth/security-notices";
import { checkMailedToken, mailedLinkCookieName, mailedLinkCookieOptions } from "@/lib/auth/mailed-links";
import { createEmailToken, hashEmailToken } from "@/lib/auth/tokens";

/**
 * "Forgot your password?" from the request to the new password (the password_reset_tokens table
 * is owned here). How a reset travels: the form's action records a job and answers; after the
 * response the job looks the address up, issues a link and queues the mail; the emailed link
 * moves its token into a cookie; the form's submission consumes it with the new password.
 */

/** S18: reset mails per account. */
const MAILS_PER_HOUR = 3;
const MAILS_PER_DAY = 10;

export const RESET_REQUEST_JOB = "password-reset.request";

/**
 * Step 2 of the guide. S16, S17: the request does the same work for every address — it records a
 * job and returns; whether an account matches is decided afterwards by processResetRequest.
 */
export async function requestPasswordReset(email: string, meta: RequestMeta, locale: string) {
  await enqueueJob(await db(), RESET_REQUEST_JOB, { email, ip: meta.ip, userAgent: meta.userAgent, locale });
  passwordResetRequested();
}

async function mailsSentRecently(tx: Transaction, customerId: string) {
  const time = now().getTime();
  const [row] = await tx
    .select({
      lastHour: sql<number>`count(*) filter (where ${auditLog.at} > ${new Date(time - HOUR).toISOString()}::timestamptz)`.mapWith(Number),
      lastDay: count(),
    })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, "password_reset_requested"), gt(auditLog.at, new Date(time - DAY))));
  return row;
}

/** S12: at most one live link per customer; `except` keeps the one being used. */
export async function voidResetLinks(tx: Executor, customerId: string, except?: string) {
  await tx
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.customerId, customerId), except ? ne(passwordResetTokens.tokenHash, except) : undefined));
}

/** The job behind a request: where an enabled account has the address, a new link is mailed to it. */
export async function processResetRequest(payload: JobPayload, tx: Transaction) {
  if (typeof payload.email !== "string") return;
  const meta = { ip: typeof payload.ip === "string" ? payload.ip : "unknown", userAgent: typeof payload.userAgent === "string" ? payload.userAgent : null };
  // S45: one request per customer at a time, on every instance, so the limit and "one live link"
  // hold: the account is found and locked in one statement (issue 25: one round trip, not two).
  const customer = await lockCustomerByEmail(tx, payload.email);
  // S20: a locked account may still reset; a disabled one may not.
  if (!customer || customer.disabled) return;
  const sent = await mailsSentRecently(tx, customer.id);
  if (sent.lastHour >= MAILS_PER_HOUR || sent.lastDay >= MAILS_PER_DAY) return;

  const token = createEmailToken();
  const issuedAt = now();
  const ttlMinutes = config().resetTokenTtlMinutes;
  const expiresAt = new Date(issuedAt.getTime() + ttlMinutes * MINUTE);
  await voidResetLinks(tx, customer.id);
  await tx.insert(passwordResetTokens).values({ tokenHash: hashEmailToken(token), customerId: customer.id, emailAtIssue: customer.email, createdAt: issuedAt, expiresAt });
  // S15: the link is built from APP_URL alone, never from the request.
  // The mail speaks the language the request was made in: the requester may not be signed in.
  const email = await renderEmail(
    "reset-password",
    ResetPasswordEmail,
    { username: customer.username, resetUrl: `${config().appUrl}/reset-password/${token}`, expiresInMinutes: ttlMinutes },
    typeof payload.locale === "string" ? payload.locale : customer.locale,
  );
  // S19: mail goes to the address stored on the account, never to what was typed. S47: a mail
  // whose link has expired, or been replaced by a newer one, is not sent.
  await enqueueMail(tx, customer.email, email, { deliverUntil: expiresAt, supersedeKey: `password-reset:${customer.id}` });
  await recordAudit({ event: "password_reset_requested", customerId: customer.id, meta }, tx);
}

/** S13: the token leaves the address bar for this short-lived cookie. */
export function resetCookieName(): string {
  return mailedLinkCookieName("reset");
}

export const resetCookieOptions = mailedLinkCookieOptions;

export type ResetLink = { customer: Customer; tokenHash: string };

/** S9, S10: a link is good while unused, unexpired, its account enabled and still at the address it was sent to. */
async function findValidResetLink(token: string): Promise<ResetLink | null> {
  const tokenHash = hashEmailToken(token);
  const [row] = await (await db())
    .select({ customer: customers, emailAtIssue: passwordResetTokens.emailAtIssue })
    .from(passwordResetTokens)
    .innerJoin(customers, eq(customers.id, passwordResetTokens.customerId))
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now())))
    .limit(1);
  if (!row || row.customer.disabled || row.customer.email.toLowerCase() !== row.emailAtIssue.toLowerCase()) return null;
  return { customer: row.customer, tokenHash };
}

/**
 * The one rule for a presented link, wherever it is presented: the emailed URL, the reset page and
 * the form's submission (S14, S45: at most 10 bad tokens a quarter-hour per client, however many
 * arrive at once; lib/auth/mailed-links.ts).
 */
export function checkResetLink(token: unknown, meta: RequestMeta, stage: "link" | "page" | "form"): Promise<ResetLink | null> {
  return checkMailedToken(token, meta, findValidResetLink, { event: "reset_token_rejected", stage });
}

export type ResetOutcome =
  | { ok: true; customerId: string; sessionVersion: number }
  | { ok: false; reason: "invalid_link" }
  | { ok: false; reason: "policy"; refusal: PasswordRefusal };

class LinkNoLongerValid extends Error {}

/**
 * Step 5 of the guide. S11, S21–S24: the token is consumed by one atomic UPDATE inside the same
 * transaction that stores the new password, ends every session, clears the lockout and queues
 * the "password changed" mail; two submissions of one link can never both succeed.
 */
export async function resetPassword(token: unknown, newPassword: string, meta: RequestMeta, locale?: string): Promise<ResetOutcome> {
  const link = await checkResetLink(token, meta, "form");
  if (!link) return { ok: false, reason: "invalid_link" };
  const verdict = checkNewPassword(newPassword, link.customer);
  if (!verdict.ok) return { ok: false, reason: "policy", refusal: verdict };
  const passwordHash = await hashPassword(verdict.password);

  try {
    return await (await db()).transaction(async (tx) => {
      // The account first (lockCustomer, S49).
      await lockCustomer(tx, link.customer.id);
      const time = now();
      const [consumed] = await tx
        .update(passwordResetTokens)
        .set({ usedAt: time })
        .where(and(eq(passwordResetTokens.tokenHash, link.tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, time)))
        .returning({ customerId: passwordResetTokens.customerId, emailAtIssue: passwordResetTokens.emailAtIssue });
      if (!consumed) throw new LinkNoLongerValid();
      // S24: following the emailed link proves the address, while it is still the one it was sent to (S9).
      const customer = await setPasswordHash(tx, consumed.customerId, passwordHash, { clearLockout: true, confirmEmail: consumed.emailAtIssue });
      if (!customer) throw new LinkNoLongerValid();
      await recordAudit({ event: "password_reset_completed", customerId: customer.id, meta }, tx);
      const { sessionVersion } = await recoverAccount(tx, customer.id, "password_reset", { usedResetLink: link.tokenHash, meta });
      await sendPasswordChangedNotice(tx, customer, "reset", meta, locale);
      return { ok: true as const, customerId: customer.id, sessionVersion };
    });
  } catch (error) {
    if (error instanceof LinkNoLongerValid) return { ok: false, reason: "invalid_link" };
    throw error;
  }
}

/** Drops links that can no longer be used. */
export async function pruneResetTokens(executor?: Executor) {
  await (executor ?? (await db())).delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, new Date(now().getTime() - DAY)));
}
