import { and, asc, desc, eq, gt, ne } from "drizzle-orm";
import { z } from "zod";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor, type Transaction } from "@/lib/db";
import { rowNumber } from "@/lib/db/row-number";
import { supportCaseEvents, supportCases, type CaseEventKind, type CaseStatus, type Customer, type SupportCase } from "@/lib/db/schema";
import CaseCreatedEmail from "@/emails/case-created";
import { renderEmail } from "@/lib/mail/render";
import { enqueueMail } from "@/lib/mail/outbox";
import { responseDue, type CasePriority } from "@/lib/support/response-targets";
import { announceNewCase } from "@/lib/support/staff-notifications";
import { attachToMessage } from "@/lib/support/attachments/attachments";
import { issueReplyAddress } from "@/lib/support/inbound/reply-address";

/**
 * Support cases: the one module that writes support_cases and support_case_events (issue 12: one
 * owner per table). The conversation's rules — who may reply, what a reply does to the status,
 * who is mailed — live in lib/support/case-conversation.ts and write through the functions here.
 */

/** Stored as these codes; each screen names them in its language (cases.categories.<code>). */
export const caseCategories = ["question", "not-working", "request", "account", "feedback", "other"] as const;

export const newCaseSchema = z.object({
  subject: z.string().trim().min(5, "validation.case.subjectTooShort").max(120, "validation.case.subjectTooLong"),
  category: z.enum(caseCategories, "validation.case.category"),
  description: z.string().trim().min(20, "validation.case.descriptionTooShort").max(5000, "validation.case.descriptionTooLong"),
});

export type NewCase = z.infer<typeof newCaseSchema>;

/** A case number from a URL or a form: digits only, or null. */
export const caseNumber = rowNumber;

export function caseUrl(id: number): string {
  return `${config().appUrl}/support/cases/${id}`;
}

/**
 * Creates a case, its first history entry and the confirmation mail, inside the caller's
 * transaction. The customer is waiting for an answer from now on.
 * @param locale the language of the confirmation mail (the customer's, else the page's).
 * @param priority "normal" unless the support team opened the case and chose another (issue 27).
 */
export async function insertCase(
  tx: Transaction,
  customer: Customer,
  input: NewCase,
  locale: string,
  attachmentIds: string[] = [],
  priority: CasePriority = "normal",
): Promise<SupportCase> {
  const time = now();
  const [created] = await tx
    .insert(supportCases)
    .values({ customerId: customer.id, ...input, priority, createdAt: time, updatedAt: time, lastActivityAt: time, customerWaitingSince: time, dueAt: dueFor(priority, time, false) })
    .returning();
  await tx.insert(supportCaseEvents).values({ caseId: created.id, at: time, kind: "created", authorId: customer.id });
  const attachments = await attachToMessage(tx, customer, attachmentIds, created.id, null);
  const email = await renderEmail(
    "case-created",
    CaseCreatedEmail,
    { name: customer.name ?? customer.username, caseNumber: created.id, subject: created.subject, caseUrl: caseUrl(created.id), attachments },
    locale,
    { number: created.id },
  );
  const replyTo = await issueReplyAddress(tx, created.id, customer);
  await enqueueMail(tx, customer.email, email, replyTo ? { replyTo } : {});
  return created;
}

/**
  * A customer creates a case: its first history entry, the confirmation mail and the support team's
 * notice (issue 27), in one transaction, with the customer's uploads (lib/support/attachments)
 * attached to it. (A case made from a Contact us message is not announced again: the team already
 * had the message.)
 */
export async function createCase(customer: Customer, input: NewCase, locale: string, attachmentIds: string[] = []): Promise<SupportCase> {
  return (await db()).transaction(async (tx) => {
    const created = await insertCase(tx, customer, input, locale, attachmentIds);
    await announceNewCase(tx, created, customer);
    return created;
  });
}

/** The customer's own cases, newest first. */
export async function listCases(customerId: string, options: { openOnly?: boolean } = {}) {
  return (await db())
    .select()
    .from(supportCases)
    .where(and(eq(supportCases.customerId, customerId), options.openOnly ? ne(supportCases.status, "closed") : undefined))
    .orderBy(desc(supportCases.createdAt), desc(supportCases.id));
}

/** What a customer sees of a case: not who on the team works it. */
const customerVisibleCase = {
  id: supportCases.id,
  customerId: supportCases.customerId,
  subject: supportCases.subject,
  category: supportCases.category,
  description: supportCases.description,
  status: supportCases.status,
  createdAt: supportCases.createdAt,
  updatedAt: supportCases.updatedAt,
};

/** What a customer sees of a case's history: never a staff-only entry, and never who on the team wrote. */
const customerVisibleEvent = {
  id: supportCaseEvents.id,
  kind: supportCaseEvents.kind,
  at: supportCaseEvents.at,
  text: supportCaseEvents.text,
  byStaff: supportCaseEvents.byStaff,
  fromStatus: supportCaseEvents.fromStatus,
  toStatus: supportCaseEvents.toStatus,
};

export type CustomerCaseEvent = { id: number; kind: CaseEventKind; at: Date; text: string | null; byStaff: boolean; fromStatus: CaseStatus | null; toStatus: CaseStatus | null };

/** One case with its history — only when it belongs to this customer, and only what the customer may see. */
export async function findCase(customerId: string, caseId: unknown) {
  const id = caseNumber(caseId);
  if (id === null) return undefined;
  const database = await db();
  const [found] = await database
    .select(customerVisibleCase)
    .from(supportCases)
    .where(and(eq(supportCases.id, id), eq(supportCases.customerId, customerId)));
  if (!found) return undefined;
  // Note: internal entries are left out by the query itself, so no page or response can hold one.
  const history: CustomerCaseEvent[] = await database
    .select(customerVisibleEvent)
    .from(supportCaseEvents)
    .where(and(eq(supportCaseEvents.caseId, id), eq(supportCaseEvents.internal, false)))
    .orderBy(asc(supportCaseEvents.at), asc(supportCaseEvents.id));
  return { ...found, history };
}

/** The case's row, locked until the caller's transaction ends: one change to a case at a time. */
export async function lockCase(tx: Executor, id: number, customerId?: string): Promise<SupportCase | undefined> {
  const [row] = await tx
    .select()
    .from(supportCases)
    .where(and(eq(supportCases.id, id), customerId ? eq(supportCases.customerId, customerId) : undefined))
    .for("update");
  return row;
}

/** Issue 27: the history entries after one (the page's version check), oldest first. */
export async function latestEvents(tx: Executor, caseId: number, afterId: number) {
  return tx
    .select({ id: supportCaseEvents.id, kind: supportCaseEvents.kind, authorId: supportCaseEvents.authorId })
    .from(supportCaseEvents)
    .where(and(eq(supportCaseEvents.caseId, caseId), gt(supportCaseEvents.id, afterId)))
    .orderBy(asc(supportCaseEvents.id));
}

export type NewCaseEvent = {
  kind: Exclude<CaseEventKind, "created">;
  authorId: string | null;
  byStaff: boolean;
  text?: string | null;
  fromStatus?: CaseStatus | null;
  toStatus?: CaseStatus | null;
  assignedTo?: string | null;
  fromPriority?: CasePriority | null;
  toPriority?: CasePriority | null;
};

/** Adds an entry to a case's history. Notes, assignments and priorities are always staff-only (the table's check says so too). */
export async function appendCaseEvent(tx: Executor, caseId: number, event: NewCaseEvent, at: Date = now()) {
  const internal = event.kind === "note" || event.kind === "assignment" || event.kind === "priority";
  const [row] = await tx
    .insert(supportCaseEvents)
    .values({ caseId, at, internal, ...event })
    .returning({ id: supportCaseEvents.id });
  return row.id;
}

export type CaseChange = Partial<Pick<SupportCase, "status" | "assignedTo" | "customerWaitingSince" | "priority" | "dueAt" | "firstResponseAt">>;

/**
 * Changes a case's state; every change is activity, which orders the support team's queue. When
 * nobody is waiting any more, nothing is due.
 */
export async function updateCase(tx: Executor, caseId: number, change: CaseChange, at: Date = now()) {
  const due = change.customerWaitingSince === null ? { dueAt: null } : {};
  await tx
    .update(supportCases)
    .set({ ...change, ...due, updatedAt: at, lastActivityAt: at })
    .where(eq(supportCases.id, caseId));
}

/** Issue 27: when the team owes a customer waiting since `since` an answer, in SUPPORT_HOURS. */
export function dueFor(priority: CasePriority, since: Date, answeredBefore: boolean): Date {
  const { responseTargets, hours } = config().support;
  return responseDue(priority, since, answeredBefore, responseTargets, hours);
}
