import { and, count, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { RequestMeta } from "@/lib/http/client-ip";
import { DAY, HOUR, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerByEmail } from "@/lib/customers/customers";
import { db, type Transaction } from "@/lib/db";
import { auditLog, customers, passwordResetRequests, passwordResetTokens, type Customer } from "@/lib/db/schema";
import { describeBrowser, formatEventTime, renderPasswordChangedEmail, renderResetPasswordEmail } from "@/lib/mail/render";
import { enqueueMail } from "@/lib/mail/outbox";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword } from "@/lib/auth/password-policy";
import { createResetToken, hashResetToken, isWellFormedToken } from "@/lib/auth/reset-tokens";

/** S18: reset mails per account. */
const MAILS_PER_HOUR = 3;
const MAILS_PER_DAY = 10;

/**
 * Step 2 of the guide. S16, S17: the request does the same work for every address — it records the
 * request and returns; whether an account matches is decided afterwards by processResetRequests.
 */
export async function requestPasswordReset(email: string, meta: RequestMeta) {
  await (await db()).insert(passwordResetRequests).values({ email, ip: meta.ip, userAgent: meta.userAgent, requestedAt: now() });
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

function mayReceiveResetMail(customer: Customer | undefined): customer is Customer {
  // S20: a locked account may still reset; a disabled one may not.
  return customer !== undefined && !customer.disabled;
}

/** Takes one waiting request and, where an account matches, issues its link. False when none was waiting. */
async function processOneRequest(): Promise<boolean> {
  const database = await db();
  return database.transaction(async (tx) => {
    const [request] = await tx
      .delete(passwordResetRequests)
      .where(
        eq(
          passwordResetRequests.id,
          sql`(select ${passwordResetRequests.id} from ${passwordResetRequests} order by ${passwordResetRequests.id} limit 1 for update skip locked)`,
        ),
      )
      .returning();
    if (!request) return false;

    const customer = await findCustomerByEmail(request.email, tx);
    if (!mayReceiveResetMail(customer)) return true;
    const sent = await mailsSentRecently(tx, customer.id);
    if (sent.lastHour >= MAILS_PER_HOUR || sent.lastDay >= MAILS_PER_DAY) return true;

    const token = createResetToken();
    const issuedAt = now();
    const ttlMinutes = config().resetTokenTtlMinutes;
    // S12: one live link per customer; a new request replaces the older ones.
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id));
    await tx.insert(passwordResetTokens).values({
      tokenHash: hashResetToken(token),
      customerId: customer.id,
      emailAtIssue: customer.email,
      createdAt: issuedAt,
      expiresAt: new Date(issuedAt.getTime() + ttlMinutes * MINUTE),
    });
    // S15: the link is built from APP_URL alone, never from the request.
    const email = await renderResetPasswordEmail({
      username: customer.username,
      resetUrl: `${config().appUrl}/reset-password/${token}`,
      expiresInMinutes: ttlMinutes,
    });
    // S19: mail goes to the address stored on the account, never to what was typed.
    await enqueueMail(tx, customer.email, email);
    await recordAudit(
      { event: "password_reset_requested", customerId: customer.id, meta: { ip: request.ip ?? "unknown", userAgent: request.userAgent } },
      tx,
    );
    return true;
  });
}

/** Works through every waiting "Forgot your password?" request. */
export async function processResetRequests(): Promise<number> {
  let processed = 0;
  while (await processOneRequest()) processed += 1;
  return processed;
}

export type ResetLink = { customer: Customer; tokenHash: string };

/** S9, S10: a link is good while unused, unexpired, its account enabled and still at the address it was sent to. */
export async function findValidResetLink(token: unknown): Promise<ResetLink | null> {
  if (!isWellFormedToken(token)) return null;
  const tokenHash = hashResetToken(token);
  const [row] = await (await db())
    .select({ customer: customers, emailAtIssue: passwordResetTokens.emailAtIssue })
    .from(passwordResetTokens)
    .innerJoin(customers, eq(customers.id, passwordResetTokens.customerId))
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now())))
    .limit(1);
  if (!row || row.customer.disabled || row.customer.email.toLowerCase() !== row.emailAtIssue.toLowerCase()) return null;
  return { customer: row.customer, tokenHash };
}

export type ResetOutcome =
  | { ok: true; customerId: string }
  | { ok: false; reason: "invalid_link" }
  | { ok: false; reason: "policy"; message: string };

class LinkNoLongerValid extends Error {}

/**
 * Step 5 of the guide. S11, S21–S24: the token is consumed by one atomic UPDATE inside the same
 * transaction that stores the new password, revokes every session, clears the lockout and queues
 * the "password changed" mail; two submissions of one link can never both succeed.
 */
export async function resetPassword(token: unknown, newPassword: string, meta: RequestMeta): Promise<ResetOutcome> {
  const link = await findValidResetLink(token);
  if (!link) return { ok: false, reason: "invalid_link" };
  const verdict = checkNewPassword(newPassword, link.customer);
  if (!verdict.ok) return { ok: false, reason: "policy", message: verdict.message };
  const passwordHash = await hashPassword(verdict.password);

  const database = await db();
  try {
    return await database.transaction(async (tx) => {
      const time = now();
      const [consumed] = await tx
        .update(passwordResetTokens)
        .set({ usedAt: time })
        .where(and(eq(passwordResetTokens.tokenHash, link.tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, time)))
        .returning({ customerId: passwordResetTokens.customerId, emailAtIssue: passwordResetTokens.emailAtIssue });
      if (!consumed) throw new LinkNoLongerValid();

      const [customer] = await tx
        .update(customers)
        .set({
          passwordHash,
          sessionVersion: sql`${customers.sessionVersion} + 1`,
          failedSignIns: 0,
          lockedUntil: null,
          passwordSignInBlocked: false,
          // S24: following the emailed link proves the address.
          emailVerified: time,
          updatedAt: time,
        })
        .where(and(eq(customers.id, consumed.customerId), eq(customers.disabled, false), sql`lower(${customers.email}) = lower(${consumed.emailAtIssue})`))
        .returning();
      if (!customer) throw new LinkNoLongerValid();

      await tx
        .delete(passwordResetTokens)
        .where(and(eq(passwordResetTokens.customerId, customer.id), ne(passwordResetTokens.tokenHash, link.tokenHash)));
      await recordAudit({ event: "password_reset_completed", customerId: customer.id, meta }, tx);
      await recordAudit({ event: "sessions_revoked", customerId: customer.id, meta, details: { reason: "password_reset" } }, tx);
      await queuePasswordChangedMail(tx, customer, "reset", meta);
      return { ok: true as const, customerId: customer.id };
    });
  } catch (error) {
    if (error instanceof LinkNoLongerValid) return { ok: false, reason: "invalid_link" };
    throw error;
  }
}

/** S41: the notice after every reset and change, to the account's stored address. */
export async function queuePasswordChangedMail(tx: Transaction, customer: Customer, how: "reset" | "changed", meta: RequestMeta) {
  const email = await renderPasswordChangedEmail({
    username: customer.username,
    how,
    when: formatEventTime(now()),
    browser: describeBrowser(meta.userAgent),
    ip: meta.ip,
    resetUrl: `${config().appUrl}/forgot-password`,
  });
  await enqueueMail(tx, customer.email, email);
}

/** Drops links that can no longer be used. */
export async function pruneResetTokens() {
  await (await db()).delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, new Date(now().getTime() - DAY)));
}

