import { z } from "zod";
import CaseCustomerReplyEmail from "@/emails/case-customer-reply";
import CaseReplyEmail from "@/emails/case-reply";
import CaseStatusChangedEmail from "@/emails/case-status-changed";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById, listStaff } from "@/lib/customers/customers";
import { db, type Transaction } from "@/lib/db";
import { caseStatuses, caseStatusKeys, type CaseStatus, type Customer, type SupportCase } from "@/lib/db/schema";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { assertRole, type StaffMember } from "@/lib/staff/access";
import { appendCaseEvent, caseUrl, lockCase, updateCase } from "@/lib/support/cases";
import { issueReplyAddress } from "@/lib/support/inbound/reply-address";

/**
 * A case's conversation (issue 15): replies both ways, the support team's internal notes, status
 * changes and assignment, with the mails each one sends. Each operation locks the case, so two
 * people acting at once are applied one after the other, and writes its history entry, its audit
 * record (staff) and its mail (through the outbox) in one transaction.
 */

export const messageSchema = z
  .string()
  .trim()
  .min(2, "validation.caseMessage.tooShort")
  .max(5000, "validation.caseMessage.tooLong");

export const statusSchema = z.enum(caseStatuses, "validation.caseStatus");

/** Why an operation did nothing: no such case (or not this customer's), or it is closed. */
export type Refusal = "not_found" | "closed" | "not_an_agent";
export type Outcome = { ok: true } | { ok: false; reason: Refusal };

const done: Outcome = { ok: true };
const notFound: Outcome = { ok: false, reason: "not_found" };

function customerLocale(customer: Customer): string {
  return customer.locale ?? DEFAULT_LOCALE;
}

/** Issue 28: the customer can answer a case mail from their mail app; the answer lands on the case. */
async function replyOptions(tx: Transaction, caseId: number, customerId: string) {
  const replyTo = await issueReplyAddress(tx, caseId, customerId);
  return replyTo ? { replyTo } : {};
}

function staffCaseUrl(id: number): string {
  return `${config().appUrl}/staff/cases/${id}`;
}

async function mailStatusChange(tx: Transaction, supportCase: SupportCase, status: CaseStatus) {
  const customer = await findCustomerById(supportCase.customerId, tx);
  if (!customer) return;
  const email = await renderEmail(
    "case-status-changed",
    CaseStatusChangedEmail,
    { name: customer.name ?? customer.username, caseNumber: supportCase.id, subject: supportCase.subject, status: caseStatusKeys[status], caseUrl: caseUrl(supportCase.id) },
    customerLocale(customer),
    { number: supportCase.id, status: caseStatusKeys[status] },
  );
  await enqueueMail(tx, customer.email, email, await replyOptions(tx, supportCase.id, customer.id));
}

/**
 * The support team answers the customer: the reply goes under My cases and by mail, in the
 * customer's language. With `waitingForYou` the case also waits for the customer's answer (one
 * step, one mail); otherwise an open case is now in progress.
 */
export async function replyToCustomer(staff: StaffMember, caseId: number, text: string, options: { waitingForYou: boolean }, actor: AuditActor): Promise<Outcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const supportCase = await lockCase(tx, caseId);
    if (!supportCase) return notFound;
    const time = now();
    await appendCaseEvent(tx, caseId, { kind: "reply", authorId: staff.id, byStaff: true, text }, time);
    const status: CaseStatus = options.waitingForYou ? "waiting for you" : supportCase.status === "open" ? "in progress" : supportCase.status;
    if (status !== supportCase.status) {
      await appendCaseEvent(tx, caseId, { kind: "status", authorId: staff.id, byStaff: true, fromStatus: supportCase.status, toStatus: status }, time);
    }
    await updateCase(tx, caseId, { status, customerWaitingSince: null }, time);
    const customer = await findCustomerById(supportCase.customerId, tx);
    if (customer) {
      const email = await renderEmail(
        "case-reply",
        CaseReplyEmail,
        { name: customer.name ?? customer.username, caseNumber: caseId, subject: supportCase.subject, reply: text, waitingForYou: status === "waiting for you", caseUrl: caseUrl(caseId) },
        customerLocale(customer),
        { number: caseId },
      );
      await enqueueMail(tx, customer.email, email, await replyOptions(tx, caseId, customer.id));
    }
    await recordAudit(
      { event: "case_replied", customerId: supportCase.customerId, ...actor, details: { caseId, fromStatus: supportCase.status, toStatus: status } },
      tx,
    );
    return done;
  });
}

/** A note for the support team only: never shown to the customer, never mailed. */
export async function addInternalNote(staff: StaffMember, caseId: number, text: string, actor: AuditActor): Promise<Outcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const supportCase = await lockCase(tx, caseId);
    if (!supportCase) return notFound;
    const time = now();
    await appendCaseEvent(tx, caseId, { kind: "note", authorId: staff.id, byStaff: true, text }, time);
    await updateCase(tx, caseId, {}, time);
    await recordAudit({ event: "case_note_added", customerId: supportCase.customerId, ...actor, details: { caseId } }, tx);
    return done;
  });
}

/** Moves a case to another status and tells the customer by mail. Closing it means nobody is waiting any more. */
export async function changeCaseStatus(staff: StaffMember, caseId: number, status: CaseStatus, actor: AuditActor): Promise<Outcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const supportCase = await lockCase(tx, caseId);
    if (!supportCase) return notFound;
    if (supportCase.status === status) return done;
    const time = now();
    await appendCaseEvent(tx, caseId, { kind: "status", authorId: staff.id, byStaff: true, fromStatus: supportCase.status, toStatus: status }, time);
    const waiting = status === "closed" || status === "waiting for you" ? null : supportCase.customerWaitingSince;
    await updateCase(tx, caseId, { status, customerWaitingSince: waiting }, time);
    await mailStatusChange(tx, supportCase, status);
    await recordAudit({ event: "case_status_changed", customerId: supportCase.customerId, ...actor, details: { caseId, fromStatus: supportCase.status, toStatus: status } }, tx);
    return done;
  });
}

/** Gives a case to a member of the support team (null: to nobody). Only an enabled agent or admin can hold a case. */
export async function assignCase(staff: StaffMember, caseId: number, agentId: string | null, actor: AuditActor): Promise<Outcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    if (agentId !== null && !(await listStaff(tx)).some((member) => member.id === agentId)) return { ok: false, reason: "not_an_agent" };
    const supportCase = await lockCase(tx, caseId);
    if (!supportCase) return notFound;
    if (supportCase.assignedTo === agentId) return done;
    const time = now();
    await appendCaseEvent(tx, caseId, { kind: "assignment", authorId: staff.id, byStaff: true, assignedTo: agentId }, time);
    await updateCase(tx, caseId, { assignedTo: agentId }, time);
    await recordAudit({ event: "case_assigned", customerId: supportCase.customerId, ...actor, details: { caseId, from: supportCase.assignedTo, to: agentId } }, tx);
    return done;
  });
}

/**
 * The customer answers on their own case. A case that was waiting for them goes back to the
 * support team (in progress when someone holds it, else open), and the agent who holds it — else
 * the support mailbox — is told by mail, in the support team's language. A closed case takes no
 * more replies: the customer creates a new one.
 */
export async function replyAsCustomer(customer: Customer, caseId: number, text: string): Promise<Outcome> {
  return (await db()).transaction((tx) => addCustomerReply(tx, customer, caseId, text));
}

/**
 * The customer's reply within the caller's transaction: the mail reader (issue 28) posts a reply
 * and records the mail as handled in one transaction, so a crash never posts it twice.
 */
export async function addCustomerReply(tx: Transaction, customer: Customer, caseId: number, text: string): Promise<Outcome> {
  const supportCase = await lockCase(tx, caseId, customer.id);
  if (!supportCase) return notFound;
  if (supportCase.status === "closed") return { ok: false, reason: "closed" };
  const time = now();
  await appendCaseEvent(tx, caseId, { kind: "reply", authorId: customer.id, byStaff: false, text }, time);
  const reopened = supportCase.status === "waiting for you";
  const status: CaseStatus = reopened ? (supportCase.assignedTo ? "in progress" : "open") : supportCase.status;
  if (reopened) await appendCaseEvent(tx, caseId, { kind: "status", authorId: customer.id, byStaff: false, fromStatus: supportCase.status, toStatus: status }, time);
  await updateCase(tx, caseId, { status, customerWaitingSince: supportCase.customerWaitingSince ?? time }, time);

  const holder = supportCase.assignedTo ? (await listStaff(tx)).find((member) => member.id === supportCase.assignedTo) : undefined;
  const email = await renderEmail(
    "case-customer-reply",
    CaseCustomerReplyEmail,
    { customerName: customer.name ?? customer.username, caseNumber: caseId, subject: supportCase.subject, reply: text, reopened, caseUrl: staffCaseUrl(caseId) },
    DEFAULT_LOCALE,
    { number: caseId, name: customer.name ?? customer.username },
  );
  await enqueueMail(tx, holder?.email ?? config().branding.supportEmail, email);
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
