import { and, asc, eq, ilike, ne, or, sql, type Placeholder } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { db, type Executor } from "@/lib/db";
import { containsPattern, searchTerm } from "@/lib/db/like";
import { preparedPerDatabase } from "@/lib/db/prepared";
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

/** The account with this address, in any case (the unique index is on lower(email)). */
export function hasEmail(email: string | Placeholder) {
  return sql`lower(${customers.email}) = lower(${email})`;
}

/**
 * The customer's row, locked until the caller's transaction ends: work for one customer (a reset
 * mail and its per-account limit, S18, S45) is done one request at a time across instances.
 *
 * S49: every transaction that changes how an account signs in, or what it keeps for that —
 * sessions, pending second steps, codes, links, remembered browsers, ways in — takes this first,
 * before any of those rows. Two at once (the owner's reset and the thief's change) then wait for
 * each other; taking them in different orders, each could hold a row the other needs, and
 * PostgreSQL would end one with a deadlock (a 500). An INSERT that names the customer counts: its
 * foreign key takes a share lock on this row, which waits for a recovery's.
 */
export async function lockCustomer(tx: Executor, id: string): Promise<Customer | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for("update");
  return row;
}

/** lockCustomer for the account with this address (any case), found and locked in one statement. */
export async function lockCustomerByEmail(tx: Executor, email: string): Promise<Customer | undefined> {
  const [row] = await tx.select().from(customers).where(hasEmail(email)).limit(1).for("update");
  return row;
}

/** Which of a new account's username and address another account has already (the username first), if either. */
export async function takenLoginField(input: { username: string; email: string }, given?: Executor): Promise<"username" | "email" | undefined> {
  const taken = await (await executor(given))
    .select({ username: customers.username })
    .from(customers)
    .where(or(sql`lower(${customers.username}) = lower(${input.username})`, hasEmail(input.email)));
  if (taken.length === 0) return undefined;
  return taken.some((row) => row.username.toLowerCase() === input.username.toLowerCase()) ? "username" : "email";
}

/**
 * A person as the staff screens name them (who a case is assigned to, who wrote an answer, who
 * handled a message): the columns to select of the customers table or an alias of it.
 */
export function personNamed<Person extends { id: PgColumn; username: PgColumn; name: PgColumn }>(person: Person): Pick<Person, "id" | "username" | "name"> {
  return { id: person.id, username: person.username, name: person.name };
}

/** The Username field also accepts the account's email address. */
export async function findCustomerByLogin(login: string, given?: Executor): Promise<Customer | undefined> {
  let rows: Customer[];
  if (given) rows = await given.select().from(customers).where(isLogin(login)).limit(2);
  else {
    rows = await (await loginLookup()).execute({ login });
  }
  return rows.find((row) => row.username.toLowerCase() === login.toLowerCase()) ?? rows[0];
}

function isLogin(login: string | Placeholder) {
  return or(sql`lower(${customers.username}) = lower(${login})`, hasEmail(login));
}

/**
 * Issue 25: the first statement of every sign-in (known or unknown username alike, S26), built once
 * per database and kept as a prepared query, as the session check is (lib/auth/sessions.ts).
 */
const loginLookup = preparedPerDatabase((database) => database.select().from(customers).where(isLogin(sql.placeholder("login"))).limit(2).prepare("customer_by_login"));

export async function findCustomerByEmail(email: string, given?: Executor): Promise<Customer | undefined> {
  const [row] = await (await executor(given)).select().from(customers).where(hasEmail(email)).limit(1);
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
