import { createHash, randomBytes } from "node:crypto";
import { and, eq, gte, isNull } from "drizzle-orm";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import type { Executor } from "@/lib/db";
import { caseReplyAddresses, type Customer } from "@/lib/db/schema";

/**
 * Issue 28: the Reply-To of a case mail to the customer, e.g. support+<token>@example.com, or of
 * the team's answer to a Contact us message. The token is 128 random bits (unguessable; only its
 * hash is kept, as for reset tokens, S8), and bound to the case and the customer, or to the
 * message: an answer to it is posted only when it comes from that customer or the message's sender.
 */

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function hashRecipient(address: string): string {
  return createHash("sha256").update(address.toLowerCase()).digest("hex");
}

/**
 * A new address for a case mail to this customer, at the address it is being sent to. Null when
 * no reply address is configured. The address it went to is kept (hashed): an answer is posted
 * only from there, so a token read by whoever held the account's address a moment ago — a
 * thief's, before "This wasn't me" put the owner's back, even one made while that ran — posts
 * nothing with the owner's address written as the From.
 */
export async function issueReplyAddress(executor: Executor, caseId: number, customer: Pick<Customer, "id" | "email">): Promise<string | null> {
  const template = config().mail.replyAddress;
  if (!template) return null;
  // Note: only the hash is stored, so an earlier token cannot be put in a new mail: each mail gets
  // its own, and all of a case's tokens stay valid until revokeReplyAddresses.
  const token = randomBytes(16).toString("base64url");
  // The portal's clock, not the database's: revokeCustomerReplyAddressesSince compares it with a moment the portal wrote.
  await executor
    .insert(caseReplyAddresses)
    .values({ tokenHash: hashToken(token), caseId, customerId: customer.id, recipientHash: hashRecipient(customer.email), createdAt: now() });
  return template.replace("{token}", token);
}

/** Whether a mail from `sender` answers a case's address from where that address was sent (always, for one made before that was kept). */
export function fromItsRecipient(address: Extract<ReplyAddressMatch, { kind: "case" }>, sender: string): boolean {
  return address.recipientHash === null || address.recipientHash === hashRecipient(sender);
}

/**
 * A Contact us message's address for the team's answer, made for each answer. It names the message
 * only: the sender may have no account, so an answer to it is taken when it comes from the address the message came from.
 */
export async function issueContactReplyAddress(executor: Executor, contactMessageId: number): Promise<string | null> {
  const template = config().mail.replyAddress;
  if (!template) return null;
  const token = randomBytes(16).toString("base64url");
  await executor.insert(caseReplyAddresses).values({ tokenHash: hashToken(token), contactMessageId });
  return template.replace("{token}", token);
}

/** Stops every address of a case: later mail to them is held for staff. */
export async function revokeReplyAddresses(executor: Executor, caseId: number): Promise<void> {
  await executor.update(caseReplyAddresses).set({ revokedAt: now() }).where(and(eq(caseReplyAddresses.caseId, caseId), isNull(caseReplyAddresses.revokedAt)));
}

/**
 * Issue 22, S49, S51: stops the addresses of a customer's cases made since a moment — those of the
 * case mail sent while the account's address was someone else's ("This wasn't me" on an email
 * change that was made). Whoever read them could answer as the customer with the From written
 * as the owner's; later mail to them is held for staff. The owner's own, from before, still work.
 */
export async function revokeCustomerReplyAddressesSince(executor: Executor, customerId: string, since: Date): Promise<void> {
  await executor
    .update(caseReplyAddresses)
    .set({ revokedAt: now() })
    .where(and(eq(caseReplyAddresses.customerId, customerId), gte(caseReplyAddresses.createdAt, since), isNull(caseReplyAddresses.revokedAt)));
}

/** Stops every address of a Contact us message's answers: later mail to them is held for staff. */
export async function revokeContactReplyAddresses(executor: Executor, contactMessageId: number): Promise<void> {
  await executor
    .update(caseReplyAddresses)
    .set({ revokedAt: now() })
    .where(and(eq(caseReplyAddresses.contactMessageId, contactMessageId), isNull(caseReplyAddresses.revokedAt)));
}

/** The token in a recipient address that matches SUPPORT_REPLY_ADDRESS, or null. */
export function tokenFromAddress(address: string): string | null {
  const template = config().mail.replyAddress;
  if (!template) return null;
  const [prefix, suffix] = template.toLowerCase().split("{token}");
  const [local, domain] = [address.slice(0, address.lastIndexOf("@")), address.slice(address.lastIndexOf("@"))];
  if (!local.toLowerCase().startsWith(prefix) || !(local + domain).toLowerCase().endsWith(suffix)) return null;
  // Note: the token's letters are case-sensitive, so it is cut from the address as written.
  const token = (local + domain).slice(prefix.length, (local + domain).length - suffix.length);
  return TOKEN_PATTERN.test(token) ? token : null;
}

/** What an address names: a case and its customer, or a Contact us message. */
export type ReplyAddressMatch =
  | { kind: "case"; caseId: number; customerId: string; recipientHash: string | null; revoked: boolean }
  | { kind: "contact"; contactMessageId: number; revoked: boolean };

export async function findReplyAddress(executor: Executor, token: string): Promise<ReplyAddressMatch | null> {
  const [row] = await executor.select().from(caseReplyAddresses).where(eq(caseReplyAddresses.tokenHash, hashToken(token))).limit(1);
  if (!row) return null;
  const revoked = row.revokedAt !== null;
  if (row.contactMessageId !== null) return { kind: "contact", contactMessageId: row.contactMessageId, revoked };
  // The table's check makes a row without a message name a case and its customer.
  return { kind: "case", caseId: row.caseId!, customerId: row.customerId!, recipientHash: row.recipientHash, revoked };
}
