import { z } from "zod";
import CaseReplyEmail from "@/emails/case-reply";
import CaseStatusChangedEmail from "@/emails/case-status-changed";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { now } from "@/lib/clock";
import { findCustomerById, listStaff } from "@/lib/customers/lookup";
import { db, type Transaction } from "@/lib/db";
import { caseStatuses, caseStatusKeys, type CaseStatus, type Customer, type SupportCase } from "@/lib/db/schema";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { assertRole, type StaffMember } from "@/lib/staff/access";
import { appendCaseEvent, caseUrl, dueFor, latestEvents, lockCase, updateCase } from "@/lib/support/cases";
import { casePriorities, type CasePriority } from "@/lib/support/response-targets";
import { announceAssignment } from "@/lib/support/staff-notifications";
import { attachToMessage } from "@/lib/support/attachments/attachments";
import { issueReplyAddress } from "@/lib/support/inbound/reply-address";

/**
 * A case's conversation (issue 15): the support team's replies, internal notes, status changes and
 * assignment, with the mails each one sends (the customer's side: customer-replies.ts). Each operation locks the case, so two
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
async function replyOptions(tx: Transaction, caseId: number, customer: Customer) {
  const replyTo = await issueReplyAddress(tx, caseId, customer);
  return replyTo ? { replyTo } : {};
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
  await enqueueMail(tx, customer.email, email, await replyOptions(tx, supportCase.id, customer));
}

/*
 * The support team's steps. Each works inside the caller's transaction on a case it has locked,
 * and returns the case as it now is, so one submit can take several of them (issue 27).
 */

type Step = { tx: Transaction; staff: StaffMember; time: Date; actor: AuditActor };

async function reloadCase(tx: Transaction, caseId: number): Promise<SupportCase> {
  return (await lockCase(tx, caseId))!;
}

/**
 * A reply to the customer, with the status it leaves the case in; one mail says both — a reply
 * that closes the case says so in the reply's mail, instead of a second, closing mail (issue 27).
 */
async function replyStep({ tx, staff, time, actor }: Step, supportCase: SupportCase, text: string, status: CaseStatus, attachmentIds: string[] = []): Promise<SupportCase> {
  const caseId = supportCase.id;
  const eventId = await appendCaseEvent(tx, caseId, { kind: "reply", authorId: staff.id, byStaff: true, text }, time);
  const attachments = await attachToMessage(tx, staff, attachmentIds, caseId, eventId);
  if (status !== supportCase.status) {
    await appendCaseEvent(tx, caseId, { kind: "status", authorId: staff.id, byStaff: true, fromStatus: supportCase.status, toStatus: status }, time);
  }
  await updateCase(tx, caseId, { status, customerWaitingSince: null, firstResponseAt: supportCase.firstResponseAt ?? time }, time);
  const customer = await findCustomerById(supportCase.customerId, tx);
  if (customer) {
    const email = await renderEmail(
      "case-reply",
      CaseReplyEmail,
      {
        name: customer.name ?? customer.username,
        caseNumber: caseId,
        subject: supportCase.subject,
        reply: text,
        waitingForYou: status === "waiting for you",
        closed: status === "closed" && supportCase.status !== "closed",
        caseUrl: caseUrl(caseId),
        attachments,
      },
      customerLocale(customer),
      { number: caseId },
    );
    await enqueueMail(tx, customer.email, email, await replyOptions(tx, caseId, customer));
  }
  await recordAudit({ event: "case_replied", customerId: supportCase.customerId, ...actor, details: { caseId, fromStatus: supportCase.status, toStatus: status } }, tx);
  return reloadCase(tx, caseId);
}

async function noteStep({ tx, staff, time, actor }: Step, supportCase: SupportCase, text: string, attachmentIds: string[] = []): Promise<SupportCase> {
  const eventId = await appendCaseEvent(tx, supportCase.id, { kind: "note", authorId: staff.id, byStaff: true, text }, time);
  await attachToMessage(tx, staff, attachmentIds, supportCase.id, eventId);
  await updateCase(tx, supportCase.id, {}, time);
  await recordAudit({ event: "case_note_added", customerId: supportCase.customerId, ...actor, details: { caseId: supportCase.id } }, tx);
  return reloadCase(tx, supportCase.id);
}

async function statusStep({ tx, staff, time, actor }: Step, supportCase: SupportCase, status: CaseStatus): Promise<SupportCase> {
  if (supportCase.status === status) return supportCase;
  await appendCaseEvent(tx, supportCase.id, { kind: "status", authorId: staff.id, byStaff: true, fromStatus: supportCase.status, toStatus: status }, time);
  const waiting = status === "closed" || status === "waiting for you" ? null : supportCase.customerWaitingSince;
  await updateCase(tx, supportCase.id, { status, customerWaitingSince: waiting }, time);
  await mailStatusChange(tx, supportCase, status);
  await recordAudit({ event: "case_status_changed", customerId: supportCase.customerId, ...actor, details: { caseId: supportCase.id, fromStatus: supportCase.status, toStatus: status } }, tx);
  return reloadCase(tx, supportCase.id);
}

async function priorityStep({ tx, staff, time, actor }: Step, supportCase: SupportCase, priority: CasePriority): Promise<SupportCase> {
  if (supportCase.priority === priority) return supportCase;
  // Issue 27: shown in the case's history to the team (staff-only, like an assignment).
  await appendCaseEvent(tx, supportCase.id, { kind: "priority", authorId: staff.id, byStaff: true, fromPriority: supportCase.priority, toPriority: priority }, time);
  const dueAt = supportCase.customerWaitingSince ? dueFor(priority, supportCase.customerWaitingSince, supportCase.firstResponseAt !== null) : null;
  await updateCase(tx, supportCase.id, { priority, dueAt }, time);
  await recordAudit({ event: "case_priority_changed", customerId: supportCase.customerId, ...actor, details: { caseId: supportCase.id, from: supportCase.priority, to: priority } }, tx);
  return reloadCase(tx, supportCase.id);
}

async function assignStep({ tx, staff, time, actor }: Step, supportCase: SupportCase, agentId: string | null): Promise<SupportCase> {
  if (supportCase.assignedTo === agentId) return supportCase;
  await appendCaseEvent(tx, supportCase.id, { kind: "assignment", authorId: staff.id, byStaff: true, assignedTo: agentId }, time);
  await updateCase(tx, supportCase.id, { assignedTo: agentId }, time);
  if (agentId !== null) await announceAssignment(tx, supportCase, agentId, staff);
  await recordAudit({ event: "case_assigned", customerId: supportCase.customerId, ...actor, details: { caseId: supportCase.id, from: supportCase.assignedTo, to: agentId } }, tx);
  return reloadCase(tx, supportCase.id);
}

async function isTeamMember(tx: Transaction, agentId: string): Promise<boolean> {
  return (await listStaff(tx)).some((member) => member.id === agentId);
}

/** A case's steps in one transaction, with the case locked: one change to a case at a time. */
async function onCase<Result extends Outcome | CaseWorkOutcome>(
  staff: StaffMember,
  caseId: number,
  actor: AuditActor,
  work: (step: Step, supportCase: SupportCase) => Promise<Result>,
): Promise<Result | Outcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const supportCase = await lockCase(tx, caseId);
    if (!supportCase) return notFound;
    return work({ tx, staff, time: now(), actor }, supportCase);
  });
}

/**
 * The support team answers the customer: the reply goes under My cases and by mail, in the
 * customer's language. With `waitingForYou` the case also waits for the customer's answer (one
 * step, one mail); otherwise an open case is now in progress.
 */
export async function replyToCustomer(staff: StaffMember, caseId: number, text: string, options: { waitingForYou: boolean; attachmentIds?: string[] }, actor: AuditActor): Promise<Outcome> {
  return onCase(staff, caseId, actor, async (step, supportCase) => {
    const status: CaseStatus = options.waitingForYou ? "waiting for you" : supportCase.status === "open" ? "in progress" : supportCase.status;
    await replyStep(step, supportCase, text, status, options.attachmentIds);
    return done;
  });
}

/** A note for the support team only: never shown to the customer, never mailed. */
export async function addInternalNote(staff: StaffMember, caseId: number, text: string, actor: AuditActor, attachmentIds: string[] = []): Promise<Outcome> {
  return onCase(staff, caseId, actor, async (step, supportCase) => {
    await noteStep(step, supportCase, text, attachmentIds);
    return done;
  });
}

/** Moves a case to another status and tells the customer by mail. Closing it means nobody is waiting any more. */
export async function changeCaseStatus(staff: StaffMember, caseId: number, status: CaseStatus, actor: AuditActor): Promise<Outcome> {
  return onCase(staff, caseId, actor, async (step, supportCase) => {
    await statusStep(step, supportCase, status);
    return done;
  });
}

/** Gives a case to a member of the support team (null: to nobody), who is told by mail (issue 27). Only an enabled agent or admin can hold a case. */
export async function assignCase(staff: StaffMember, caseId: number, agentId: string | null, actor: AuditActor): Promise<Outcome> {
  return onCase(staff, caseId, actor, async (step, supportCase) => {
    if (agentId !== null && !(await isTeamMember(step.tx, agentId))) return { ok: false, reason: "not_an_agent" };
    await assignStep(step, supportCase, agentId);
    return done;
  });
}

export const prioritySchema = z.enum(casePriorities, "validation.casePriority");

/**
 * Issue 27: staff set how urgent a case is. A customer already waiting gets the new priority's
 * target, counted from when they started waiting (so raising it can make the case overdue at once).
 */
export async function changeCasePriority(staff: StaffMember, caseId: number, priority: CasePriority, actor: AuditActor): Promise<Outcome> {
  return onCase(staff, caseId, actor, async (step, supportCase) => {
    await priorityStep(step, supportCase, priority);
    return done;
  });
}

/** What one submit of the case page asks for; anything left out stays as it is. */
export type CaseWork = {
  /** The reply or note, with the files already through every check (lib/support/attachments, issue 26). */
  message?: { kind: "reply" | "note"; text: string; attachmentIds?: string[] };
  status?: CaseStatus;
  priority?: CasePriority;
  /** null: to nobody. */
  assignee?: string | null;
  /** The newest history entry the page showed: a reply from someone else after it is a conflict. */
  seenEventId: number;
  /** Submit even though someone else replied since (the second submit, after the warning). */
  overrideConflict?: boolean;
};

export type CaseWorkOutcome = Outcome | { ok: false; reason: "replied_since"; latestEventId: number };

/**
 * Issue 27: reply (or note), status, priority and assignee in one submit and one transaction.
 * A version check, not a lock: when someone else replied since the page was opened, nothing is
 * done and the page warns and shows the conversation again; submitting once more goes ahead.
 * A reply that leaves the status as it was moves an open case to in progress, as a reply alone does.
 */
export async function workOnCase(staff: StaffMember, caseId: number, work: CaseWork, actor: AuditActor): Promise<CaseWorkOutcome> {
  return onCase<CaseWorkOutcome>(staff, caseId, actor, async (step, found) => {
    if (work.assignee && !(await isTeamMember(step.tx, work.assignee))) return { ok: false, reason: "not_an_agent" };
    const latest = await latestEvents(step.tx, caseId, work.seenEventId);
    if (!work.overrideConflict && latest.some((event) => event.kind === "reply" && event.authorId !== staff.id)) {
      return { ok: false, reason: "replied_since", latestEventId: Math.max(...latest.map((event) => event.id)) };
    }
    let supportCase = found;
    if (work.assignee !== undefined) supportCase = await assignStep(step, supportCase, work.assignee);
    if (work.priority) supportCase = await priorityStep(step, supportCase, work.priority);
    if (work.message?.kind === "reply") {
      const status = work.status && work.status !== supportCase.status ? work.status : supportCase.status === "open" ? "in progress" : supportCase.status;
      supportCase = await replyStep(step, supportCase, work.message.text, status, work.message.attachmentIds);
    } else {
      if (work.message?.kind === "note") supportCase = await noteStep(step, supportCase, work.message.text, work.message.attachmentIds);
      if (work.status) supportCase = await statusStep(step, supportCase, work.status);
    }
    return done;
  });
}
