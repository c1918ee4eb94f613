import { now } from "@/lib/clock";
import { db, type Transaction } from "@/lib/db";
import type { CaseStatus, Customer } from "@/lib/db/schema";
import { attachToMessage } from "@/lib/support/attachments/attachments";
import type { Outcome } from "@/lib/support/case-conversation";
import { appendCaseEvent, dueFor, lockCase, updateCase } from "@/lib/support/cases";
import { announceCustomerReply } from "@/lib/support/staff-notifications";

/**
 * The customer's side of a case's conversation (issue 15): their replies — from the portal's form,
 * a message held for the malware scan, or a mail (issue 28) — and closing their own case. Like the
 * support team's operations (case-conversation.ts), each locks the case and writes its history in
 * one transaction.
 */

const done: Outcome = { ok: true };
const notFound: Outcome = { ok: false, reason: "not_found" };

/**
 * The customer answers on their own case. A case that was waiting for them goes back to the
 * support team (in progress when someone holds it, else open), and the agent who holds it — else
 * the support mailbox — is told by mail (lib/support/staff-notifications.ts). A closed case takes no
 * more replies: the customer creates a new one.
 */
export async function replyAsCustomer(customer: Customer, caseId: number, text: string, attachmentIds: string[] = []): Promise<Outcome> {
  return (await db()).transaction((tx) => insertCustomerReply(tx, customer, caseId, text, attachmentIds));
}

/**
 * replyAsCustomer inside the caller's transaction (a message held for the malware scan is posted
 * from a job). `reopenClosed`: a reply by mail (issue 28) reopens a closed case when the settings
 * say so (INBOUND_REOPEN_CLOSED), since a mail client offers no "create a new case"; the portal's
 * form still refuses.
 */
export async function insertCustomerReply(tx: Transaction, customer: Customer, caseId: number, text: string, attachmentIds: string[] = [], options: { reopenClosed?: boolean } = {}): Promise<Outcome> {
  const supportCase = await lockCase(tx, caseId, customer.id);
  if (!supportCase) return notFound;
  if (supportCase.status === "closed" && !options.reopenClosed) return { ok: false, reason: "closed" };
  const time = now();
  const eventId = await appendCaseEvent(tx, caseId, { kind: "reply", authorId: customer.id, byStaff: false, text }, time);
  await attachToMessage(tx, customer, attachmentIds, caseId, eventId);
  const reopened = supportCase.status === "waiting for you" || supportCase.status === "closed";
  const status: CaseStatus = reopened ? (supportCase.assignedTo ? "in progress" : "open") : supportCase.status;
  if (reopened) await appendCaseEvent(tx, caseId, { kind: "status", authorId: customer.id, byStaff: false, fromStatus: supportCase.status, toStatus: status }, time);
  // Issue 27: a customer who starts waiting starts the clock; one who writes again keeps their place.
  const waiting = supportCase.customerWaitingSince
    ? {}
    : { customerWaitingSince: time, dueAt: dueFor(supportCase.priority, time, supportCase.firstResponseAt !== null) };
  await updateCase(tx, caseId, { status, ...waiting }, time);

  await announceCustomerReply(tx, supportCase, customer, text, reopened);
  return done;
}

/** The customer closes their own case: nobody is waiting any more, and the support team sees why in the history. */
export async function closeAsCustomer(customer: Customer, caseId: number): Promise<Outcome> {
  return (await db()).transaction(async (tx) => {
    const supportCase = await lockCase(tx, caseId, customer.id);
    if (!supportCase) return notFound;
    if (supportCase.status === "closed") return done;
    const time = now();
    await appendCaseEvent(tx, caseId, { kind: "status", authorId: customer.id, byStaff: false, fromStatus: supportCase.status, toStatus: "closed" }, time);
    await updateCase(tx, caseId, { status: "closed", customerWaitingSince: null }, time);
    return done;
  });
}
