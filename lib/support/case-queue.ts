import { and, asc, count, desc, eq, ilike, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { now } from "@/lib/clock";
import { personNamed } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { containsPattern, searchTerm } from "@/lib/db/like";
import { caseStatuses, contactMessages, customers, supportCaseEvents, supportCases, type CaseStatus } from "@/lib/db/schema";
import { caseCategories, caseNumber } from "@/lib/support/cases";

/**
 * What the support team reads of cases (issue 15): the queue, and one case with everything about
 * it — internal notes included. Reads only; cases.ts writes. Only staff pages call this module.
 */

export const CASES_PER_PAGE = 25;

/** "active" is every case that is not closed (the queue's default). */
export type StatusFilter = CaseStatus | "active" | "all";

/** Issue 27: the views the staff navigation counts ("mine" is the filter below). */
export const queueViews = ["unassigned", "waiting", "overdue"] as const;
export type QueueView = (typeof queueViews)[number];

/** "activity": newest activity first; "due": the soonest due (overdue first), then the rest by activity. */
export const queueOrders = ["activity", "due"] as const;
export type QueueOrder = (typeof queueOrders)[number];

export type QueueFilters = {
  view: QueueView | null;
  sort: QueueOrder;
  status: StatusFilter;
  category: (typeof caseCategories)[number] | null;
  mine: boolean;
  search: string;
  page: number;
};

type QueryValue = string | string[] | undefined;

function single(value: QueryValue): string {
  return typeof value === "string" ? value : "";
}

/** The queue's filters from the page's query, anything unknown dropped (the filter form is a GET form: it works without JavaScript). */
export function queueFilters(query: Record<string, QueryValue>): QueueFilters {
  const status = single(query.status);
  const category = single(query.category);
  const page = Number.parseInt(single(query.page), 10);
  const view = single(query.view);
  const sort = single(query.sort);
  return {
    view: (queueViews as readonly string[]).includes(view) ? (view as QueueView) : null,
    sort: (queueOrders as readonly string[]).includes(sort) ? (sort as QueueOrder) : "activity",
    status: status === "all" || (caseStatuses as readonly string[]).includes(status) ? (status as StatusFilter) : "active",
    category: (caseCategories as readonly string[]).includes(category) ? (category as QueueFilters["category"]) : null,
    mine: single(query.mine) === "1",
    search: searchTerm(query.q),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

const assignee = alias(customers, "assignee");

const notClosed = ne(supportCases.status, "closed");

/** Each view's condition, shared by the queue and the navigation's counts so the two always agree. */
function viewCondition(view: QueueView | "mine", staffId: string): SQL | undefined {
  switch (view) {
    case "unassigned":
      return and(notClosed, isNull(supportCases.assignedTo));
    case "waiting":
      return and(notClosed, isNotNull(supportCases.customerWaitingSince));
    case "mine":
      return and(notClosed, eq(supportCases.assignedTo, staffId));
    case "overdue":
      // due_at is set only while a customer waits on an open case (lib/support/cases.ts).
      return lt(supportCases.dueAt, now());
  }
}

export type StaffCounts = Record<QueueView | "mine", number>;

/** Issue 27: the staff navigation's counts, one indexed count each. */
export async function staffCounts(staffId: string): Promise<StaffCounts> {
  const database = await db();
  const countOf = async (view: QueueView | "mine") => (await database.select({ n: count() }).from(supportCases).where(viewCondition(view, staffId)))[0].n;
  const [unassigned, waiting, mine, overdue] = await Promise.all([countOf("unassigned"), countOf("waiting"), countOf("mine"), countOf("overdue")]);
  return { unassigned, waiting, mine, overdue };
}

/** The queue: newest activity (or soonest due) first, filtered, a page at a time; `more` says whether another page follows. */
export async function caseQueue(filters: QueueFilters, staffId: string) {
  const conditions: Array<SQL | undefined> = [];
  if (filters.view) conditions.push(viewCondition(filters.view, staffId));
  if (filters.status === "active") conditions.push(ne(supportCases.status, "closed"));
  else if (filters.status !== "all") conditions.push(eq(supportCases.status, filters.status));
  if (filters.category) conditions.push(eq(supportCases.category, filters.category));
  if (filters.mine) conditions.push(eq(supportCases.assignedTo, staffId));
  if (filters.search) {
    const pattern = containsPattern(filters.search);
    const number = caseNumber(filters.search.replace(/^#/, ""));
    conditions.push(
      or(
        number !== null ? eq(supportCases.id, number) : undefined,
        ilike(supportCases.subject, pattern),
        ilike(customers.email, pattern),
        ilike(customers.username, pattern),
        ilike(customers.name, pattern),
      ),
    );
  }
  const rows = await (await db())
    .select({
      id: supportCases.id,
      subject: supportCases.subject,
      category: supportCases.category,
      status: supportCases.status,
      createdAt: supportCases.createdAt,
      lastActivityAt: supportCases.lastActivityAt,
      customerWaitingSince: supportCases.customerWaitingSince,
      priority: supportCases.priority,
      dueAt: supportCases.dueAt,
      customer: { id: customers.id, username: customers.username, name: customers.name, email: customers.email },
      assignee: personNamed(assignee),
    })
    .from(supportCases)
    .innerJoin(customers, eq(customers.id, supportCases.customerId))
    .leftJoin(assignee, eq(assignee.id, supportCases.assignedTo))
    .where(and(...conditions))
    .orderBy(...(filters.sort === "due" ? [sql`${supportCases.dueAt} asc nulls last`] : []), desc(supportCases.lastActivityAt), desc(supportCases.id))
    .limit(CASES_PER_PAGE + 1)
    .offset((filters.page - 1) * CASES_PER_PAGE);
  return { cases: rows.slice(0, CASES_PER_PAGE), more: rows.length > CASES_PER_PAGE };
}

const author = alias(customers, "author");
const assignedAgent = alias(customers, "assigned_agent");

/** One case for the support team: the case, its customer, the whole history (internal entries too) with who did what, the customer's other cases. */
export async function staffCase(caseId: unknown) {
  const id = caseNumber(caseId);
  if (id === null) return undefined;
  const database = await db();
  const [found] = await database
    .select({ supportCase: supportCases, customer: customers, assignee: personNamed(assignee) })
    .from(supportCases)
    .innerJoin(customers, eq(customers.id, supportCases.customerId))
    .leftJoin(assignee, eq(assignee.id, supportCases.assignedTo))
    .where(eq(supportCases.id, id));
  if (!found) return undefined;
  const [history, otherCases, fromMessages] = await Promise.all([
    database
      .select({
        event: supportCaseEvents,
        author: personNamed(author),
        assigned: personNamed(assignedAgent),
      })
      .from(supportCaseEvents)
      .leftJoin(author, eq(author.id, supportCaseEvents.authorId))
      .leftJoin(assignedAgent, eq(assignedAgent.id, supportCaseEvents.assignedTo))
      .where(eq(supportCaseEvents.caseId, id))
      .orderBy(asc(supportCaseEvents.at), asc(supportCaseEvents.id)),
    database
      .select({ id: supportCases.id, subject: supportCases.subject, status: supportCases.status, createdAt: supportCases.createdAt })
      .from(supportCases)
      .where(and(eq(supportCases.customerId, found.customer.id), ne(supportCases.id, id)))
      .orderBy(desc(supportCases.createdAt))
      .limit(20),
    database.select({ id: contactMessages.id }).from(contactMessages).where(eq(contactMessages.caseId, id)),
  ]);
  return { ...found, history, otherCases, fromMessages: fromMessages.map((message) => message.id) };
}
