import { and, asc, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import ContactReplyEmail from "@/emails/contact-reply";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { now } from "@/lib/clock";
import { emailSchema } from "@/lib/customers/account-fields";
import { findCustomerByEmail, findCustomerById, personNamed } from "@/lib/customers/lookup";
import { db, type Executor, type Transaction } from "@/lib/db";
import { containsPattern, searchTerm } from "@/lib/db/like";
import { rowNumber } from "@/lib/db/row-number";
import { contactMessages, contactReplies, customers, supportCases, type ContactMessage, type Customer } from "@/lib/db/schema";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { assertRole, type StaffMember } from "@/lib/staff/access";
import { insertCase, type NewCase } from "@/lib/support/cases";
import { issueContactReplyAddress } from "@/lib/support/inbound/reply-address";
import { announceContactMessage } from "@/lib/support/staff-notifications";
import { linkContactMessageToCase, lockContactMessage, setContactMessageHandled } from "@/lib/support/contact";

/**
 * The Contact us inbox (issue 15): the support team reads the messages, marks them handled,
 * answers by mail (through the outbox) and turns one into a case for the sender's account. This
 * module owns contact_replies; contact_messages is written through lib/support/contact.ts.
 */

export const MESSAGES_PER_PAGE = 25;

export type InboxFilter = "new" | "handled" | "all";

export function inboxFilter(value: unknown): InboxFilter {
  return value === "handled" || value === "all" ? value : "new";
}

/** A message id from a URL or a form: digits only, or null. */
export const messageNumber = rowNumber;

/** The inbox: oldest unanswered first (they have waited longest); handled ones newest first. */
export async function contactInbox(filter: InboxFilter, search: string, page: number) {
  const conditions: Array<SQL | undefined> = [
    filter === "new" ? isNull(contactMessages.handledAt) : filter === "handled" ? isNotNull(contactMessages.handledAt) : undefined,
  ];
  const term = searchTerm(search);
  if (term) {
    const pattern = containsPattern(term);
    conditions.push(or(ilike(contactMessages.name, pattern), ilike(contactMessages.email, pattern), ilike(contactMessages.message, pattern)));
  }
  const rows = await (await db())
    .select({
      id: contactMessages.id,
      name: contactMessages.name,
      email: contactMessages.email,
      message: contactMessages.message,
      signedIn: sql<boolean>`${contactMessages.customerId} is not null`,
      createdAt: contactMessages.createdAt,
      handledAt: contactMessages.handledAt,
      caseId: contactMessages.caseId,
    })
    .from(contactMessages)
    .where(and(...conditions))
    // Oldest first for new messages, newest first otherwise; messages written in the same instant
    // keep that order by their number, so two arriving together never swap.
    .orderBy(...(filter === "new" ? [asc(contactMessages.createdAt), asc(contactMessages.id)] : [desc(contactMessages.createdAt), desc(contactMessages.id)]))
    .limit(MESSAGES_PER_PAGE + 1)
    .offset((page - 1) * MESSAGES_PER_PAGE);
  return { messages: rows.slice(0, MESSAGES_PER_PAGE), more: rows.length > MESSAGES_PER_PAGE };
}

/**
 * Whose account a message belongs to: the signed-in customer who sent it, else the customer whose
 * address matches the one typed (which nobody verified: the screen says so).
 */
async function senderAccount(message: ContactMessage, executor?: Executor): Promise<{ customer: Customer; verified: boolean } | undefined> {
  if (message.customerId) {
    const customer = await findCustomerById(message.customerId, executor);
    if (customer) return { customer, verified: true };
  }
  const byAddress = await findCustomerByEmail(message.email, executor);
  return byAddress ? { customer: byAddress, verified: false } : undefined;
}

const replyAuthor = alias(customers, "reply_author");
const handler = alias(customers, "handler");

/** One message for the inbox: the sender's account if any, the answers sent, who handled it, the case it became. */
export async function contactMessageForStaff(id: unknown) {
  const number = messageNumber(id);
  if (number === null) return undefined;
  const database = await db();
  const [found] = await database
    .select({ message: contactMessages, handler: personNamed(handler), caseSubject: supportCases.subject })
    .from(contactMessages)
    .leftJoin(handler, eq(handler.id, contactMessages.handledBy))
    .leftJoin(supportCases, eq(supportCases.id, contactMessages.caseId))
    .where(eq(contactMessages.id, number));
  if (!found) return undefined;
  const [account, replies] = await Promise.all([
    senderAccount(found.message),
    database
      .select({ id: contactReplies.id, text: contactReplies.text, at: contactReplies.at, fromSender: contactReplies.fromSender, author: personNamed(replyAuthor) })
      .from(contactReplies)
      .leftJoin(replyAuthor, eq(replyAuthor.id, contactReplies.authorId))
      .where(eq(contactReplies.messageId, number))
      .orderBy(asc(contactReplies.at), asc(contactReplies.id)),
  ]);
  return { ...found, account, replies };
}

export type InboxOutcome = { ok: true; caseId?: number } | { ok: false; reason: "not_found" | "no_account" | "already_case" | "bad_address" };

/**
 * Answers a message by mail, to the address it came from, in the language it was written from
 * (else the account's, else the default), and marks it handled. The answer is kept with the message.
 */
export async function replyToContactMessage(staff: StaffMember, id: number, text: string, actor: AuditActor): Promise<InboxOutcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const message = await lockContactMessage(tx, id);
    if (!message) return { ok: false, reason: "not_found" };
    // S19: the address was checked when the message was sent; it is checked again before it becomes a recipient.
    const address = emailSchema.safeParse(message.email);
    if (!address.success) return { ok: false, reason: "bad_address" };
    const time = now();
    await tx.insert(contactReplies).values({ messageId: id, authorId: staff.id, text, at: time });
    await setContactMessageHandled(tx, id, staff.id, time);
    const account = await senderAccount(message, tx);
    const email = await renderEmail(
      "contact-reply",
      ContactReplyEmail,
      { name: message.name, reference: message.id, reply: text, original: message.message },
      message.locale ?? account?.customer.locale ?? DEFAULT_LOCALE,
      { reference: message.id },
    );
    // Issue 28: the sender's answer by mail comes back to this message (or the case it became).
    const replyTo = await issueContactReplyAddress(tx, id);
    await enqueueMail(tx, address.data, email, replyTo ? { replyTo } : {});
    await recordAudit({ event: "contact_message_replied", customerId: account?.customer.id ?? null, ...actor, details: { contactMessageId: id } }, tx);
    return { ok: true };
  });
}

/**
 * Issue 28: where the sender's answer by mail to the team's answer goes — the message, or the
 * case made from it, as posted by that case's customer (null when there is no case or it is gone).
 */
export async function contactMessageForReply(executor: Executor, id: number): Promise<{ message: ContactMessage; caseCustomer: Customer | null } | undefined> {
  const [found] = await executor
    .select({ message: contactMessages, caseCustomerId: supportCases.customerId })
    .from(contactMessages)
    .leftJoin(supportCases, eq(supportCases.id, contactMessages.caseId))
    .where(eq(contactMessages.id, id));
  if (!found) return undefined;
  const caseCustomer = found.caseCustomerId ? ((await findCustomerById(found.caseCustomerId, executor)) ?? null) : null;
  return { message: found.message, caseCustomer };
}

/**
 * Issue 28: the sender's answer by mail, kept under the message after the team's answers. The
 * message is not handled any more (someone has to read it), and the support team hears of it as
 * of a new Contact us message.
 */
export async function addSenderReply(tx: Transaction, message: ContactMessage, text: string) {
  const time = now();
  await tx.insert(contactReplies).values({ messageId: message.id, authorId: null, fromSender: true, text, at: time });
  await setContactMessageHandled(tx, message.id, null, time);
  await announceContactMessage(tx, { ...message, message: text });
}

/** Marks a message handled, or not handled again. */
export async function markContactMessage(staff: StaffMember, id: number, handled: boolean, actor: AuditActor): Promise<InboxOutcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const message = await lockContactMessage(tx, id);
    if (!message) return { ok: false, reason: "not_found" };
    if (await setContactMessageHandled(tx, id, handled ? staff.id : null, now())) {
      await recordAudit(
        { event: handled ? "contact_message_handled" : "contact_message_reopened", customerId: message.customerId, ...actor, details: { contactMessageId: id } },
        tx,
      );
    }
    return { ok: true };
  });
}

/**
 * Turns a message into a case on the sender's account (the message is its description), marks
 * the message handled and links the two. The customer gets the usual confirmation mail.
 */
export async function makeCaseFromContactMessage(staff: StaffMember, id: number, input: Pick<NewCase, "subject" | "category">, actor: AuditActor): Promise<InboxOutcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const message = await lockContactMessage(tx, id);
    if (!message) return { ok: false, reason: "not_found" };
    if (message.caseId !== null) return { ok: false, reason: "already_case" };
    const account = await senderAccount(message, tx);
    if (!account) return { ok: false, reason: "no_account" };
    const created = await insertCase(tx, account.customer, { ...input, description: message.message }, account.customer.locale ?? message.locale ?? DEFAULT_LOCALE);
    await linkContactMessageToCase(tx, id, created.id);
    await setContactMessageHandled(tx, id, staff.id, now());
    await recordAudit(
      { event: "contact_message_made_case", customerId: account.customer.id, ...actor, details: { contactMessageId: id, caseId: created.id, addressVerified: account.verified } },
      tx,
    );
    return { ok: true, caseId: created.id };
  });
}
