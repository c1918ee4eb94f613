import { and, asc, eq, ilike, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/lib/db";
import { containsPattern, searchTerm } from "@/lib/db/like";
import { customers, type Customer } from "@/lib/db/schema";

/** Finding customers: by id, by what they type in Username, by address; the support team; the Customers screen's search. Reads only (customers.ts writes). */

async function executor(given?: Executor): Promise<Executor> {
  return given ?? (await db());
}

export async function findCustomerById(id: string, given?: Executor): Promise<Customer | undefined> {
  // Note: ids come from tokens and forms; a malformed one is "no such customer", not a database error.
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await (await executor(given)).select().from(customers).where(eq(customers.id, id)).limit(1);
  return row;
}

/** The Username field also accepts the account's email address. */
export async function findCustomerByLogin(login: string, given?: Executor): Promise<Customer | undefined> {
  const rows = await (await executor(given))
    .select()
    .from(customers)
    .where(or(sql`lower(${customers.username}) = lower(${login})`, sql`lower(${customers.email}) = lower(${login})`))
    .limit(2);
  return rows.find((row) => row.username.toLowerCase() === login.toLowerCase()) ?? rows[0];
}

export async function findCustomerByEmail(email: string, given?: Executor): Promise<Customer | undefined> {
  const [row] = await (await executor(given)).select().from(customers).where(sql`lower(${customers.email}) = lower(${email})`).limit(1);
  return row;
}

export async function listCustomers(): Promise<Customer[]> {
  return (await db()).select().from(customers).orderBy(customers.createdAt);
}

/** The support team: everyone with a role, enabled, by name (assignment lists, notifications). */
export async function listStaff(given?: Executor) {
  return (await executor(given))
    .select({
      id: customers.id,
      username: customers.username,
      name: customers.name,
      email: customers.email,
      role: customers.role,
      locale: customers.locale,
      notifyNewWork: customers.notifyNewWork,
      notifyAssignments: customers.notifyAssignments,
      notifyCustomerReplies: customers.notifyCustomerReplies,
    })
    .from(customers)
    .where(and(ne(customers.role, "customer"), eq(customers.disabled, false)))
    .orderBy(asc(sql`lower(coalesce(${customers.name}, ${customers.username}))`));
}

export const CUSTOMERS_PER_PAGE = 25;

/** The Customers screen's search: username, email or name containing the term; a page of them and whether more follow. */
export async function searchCustomers(term: string, page: number) {
  const trimmed = searchTerm(term);
  const pattern = containsPattern(trimmed);
  const rows = await (await db())
    .select()
    .from(customers)
    .where(trimmed ? or(ilike(customers.username, pattern), ilike(customers.email, pattern), ilike(customers.name, pattern)) : undefined)
    .orderBy(asc(sql`lower(${customers.username})`))
    .limit(CUSTOMERS_PER_PAGE + 1)
    .offset((page - 1) * CUSTOMERS_PER_PAGE);
  return { customers: rows.slice(0, CUSTOMERS_PER_PAGE), more: rows.length > CUSTOMERS_PER_PAGE };
}
