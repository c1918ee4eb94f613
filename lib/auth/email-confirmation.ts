import { and, eq, gt, isNull, lt } from "drizzle-orm";
import ConfirmEmailEmail from "@/emails/confirm-email";
import { recordAudit } from "@/lib/audit";
import { DAY, HOUR, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { confirmCustomerEmail } from "@/lib/customers/customers";
import { db, type Executor } from "@/lib/db";
import { customers, emailConfirmations, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { checkMailedToken, mailedLinkCookieName } from "@/lib/auth/mailed-links";
import { createEmailToken, hashEmailToken } from "@/lib/auth/tokens";
import { lockCustomer } from "@/lib/customers/lookup";

/**
 * Confirming an existing customer's email address (issue 14; the email_confirmations table is
 * owned here): customers made by the operator or an import, whose address nobody has confirmed.
 * Same rules as reset links: 32 random bytes, SHA-256 stored, 24 hours, single use, one live link
 * per customer, bound to the address it was sent to (S7–S12).
 */
const LIFETIME_MS = 24 * HOUR;
/** "Send the link again" works once a minute per sign-in. */
export const CONFIRMATION_RESEND_COOLDOWN_MS = 60_000;

export function confirmationCookieName(): string {
  return mailedLinkCookieName("confirm");
}

/** Mails a confirmation link for the customer's current address, replacing any earlier one. */
export async function sendEmailConfirmation(tx: Executor, customer: Customer, locale: string | null) {
  const token = createEmailToken();
  const issuedAt = now();
  const expiresAt = new Date(issuedAt.getTime() + LIFETIME_MS);
  // The account first (lockCustomer, S49).
  await lockCustomer(tx, customer.id);
  await tx.delete(emailConfirmations).where(eq(emailConfirmations.customerId, customer.id));
  await tx.insert(emailConfirmations).values({ tokenHash: hashEmailToken(token), customerId: customer.id, email: customer.email, createdAt: issuedAt, expiresAt });
  const email = await renderEmail(
    "confirm-email",
    ConfirmEmailEmail,
    { username: customer.username, confirmUrl: `${config().appUrl}/confirm-email/${token}`, expiresInHours: LIFETIME_MS / HOUR },
    customer.locale ?? locale,
  );
  await enqueueMail(tx, customer.email, email, { deliverUntil: expiresAt, supersedeKey: `confirm-email:${customer.id}` });
}

export async function sendEmailConfirmationNow(customer: Customer, locale: string | null) {
  await (await db()).transaction((tx) => sendEmailConfirmation(tx, customer, locale));
}

type Confirmation = { customerId: string; email: string; tokenHash: string };

async function findValidConfirmation(token: string): Promise<Confirmation | null> {
  const [row] = await (await db())
    .select({ customerId: emailConfirmations.customerId, email: emailConfirmations.email, tokenHash: emailConfirmations.tokenHash, current: customers.email, disabled: customers.disabled })
    .from(emailConfirmations)
    .innerJoin(customers, eq(customers.id, emailConfirmations.customerId))
    .where(and(eq(emailConfirmations.tokenHash, hashEmailToken(token)), isNull(emailConfirmations.usedAt), gt(emailConfirmations.expiresAt, now())))
    .limit(1);
  // S9: the link confirms the address it was sent to, only while it is still the account's.
  if (!row || row.disabled || row.current.toLowerCase() !== row.email.toLowerCase()) return null;
  return { customerId: row.customerId, email: row.email, tokenHash: row.tokenHash };
}

export function checkConfirmationLink(token: unknown, meta: RequestMeta, stage: "link" | "page" | "form") {
  return checkMailedToken(token, meta, findValidConfirmation, { event: "confirmation_token_rejected", stage });
}

/** Uses the link: one atomic UPDATE, then the address is confirmed, in one transaction (S11). */
export async function confirmEmail(token: unknown, meta: RequestMeta): Promise<boolean> {
  const confirmation = await checkConfirmationLink(token, meta, "form");
  if (!confirmation) return false;
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, confirmation.customerId);
    const [used] = await tx
      .update(emailConfirmations)
      .set({ usedAt: now() })
      .where(and(eq(emailConfirmations.tokenHash, confirmation.tokenHash), isNull(emailConfirmations.usedAt), gt(emailConfirmations.expiresAt, now())))
      .returning({ customerId: emailConfirmations.customerId });
    if (!used) return false;
    if (!(await confirmCustomerEmail(tx, used.customerId, confirmation.email))) return false;
    await recordAudit({ event: "email_confirmed", customerId: used.customerId, meta }, tx);
    return true;
  });
}

/** Drops links that can no longer be used. */
export async function pruneEmailConfirmations(executor?: Executor) {
  await (executor ?? (await db())).delete(emailConfirmations).where(lt(emailConfirmations.expiresAt, new Date(now().getTime() - DAY)));
}

