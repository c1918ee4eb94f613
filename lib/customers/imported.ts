import { count, inArray, isNotNull, or, sql } from "drizzle-orm";
import { db, type Executor } from "@/lib/db";
import { customers, type Customer } from "@/lib/db/schema";

/** What the Power Pages import reads of the customers table (lib/import); its writes are in customers.ts. */

/** The columns an import from Power Pages writes (lib/import). */
export type ImportedCustomer = Pick<
  typeof customers.$inferInsert,
  "username" | "email" | "emailVerified" | "name" | "phone" | "passwordHash" | "disabled" | "lockedUntil" | "mfaEmailCodeRequired"
>;

/**
 * Every customer an import batch could touch or collide with: those imported from its contacts,
 * and those whose username or email address is one of its usernames or addresses (either way
 * round, since the Username box accepts both). One query per batch, on the three unique indexes.
 */
export async function findCustomersForImport(tx: Executor, keys: { contactIds: string[]; logins: string[] }): Promise<Customer[]> {
  const conditions = [];
  if (keys.contactIds.length > 0) conditions.push(inArray(customers.dataverseContactId, keys.contactIds));
  if (keys.logins.length > 0) {
    conditions.push(inArray(sql`lower(${customers.username})`, keys.logins), inArray(sql`lower(${customers.email})`, keys.logins));
  }
  if (conditions.length === 0) return [];
  return tx.select().from(customers).where(or(...conditions));
}

export type ImportProgress = {
  imported: number;
  firstImportAt: Date | null;
  legacyPasswordV2: number;
  legacyPasswordV3: number;
  signedInSinceImport: number;
  noPassword: number;
};

/** Where the move from Power Pages stands: of the imported customers, how many are still on their old hash. */
export async function importProgress(): Promise<ImportProgress> {
  const legacy = (pattern: string) => sql<number>`count(*) filter (where ${customers.passwordHash} ~ ${pattern})`.mapWith(Number);
  const [row] = await (await db())
    .select({
      imported: count(),
      firstImportAt: sql<string | null>`min(${customers.importedAt})`,
      // The first base64 characters give the format byte: 0x00 is v2, 0x01 is v3.
      legacyPasswordV2: legacy("^aspnet-identity:A[A-P]"),
      legacyPasswordV3: legacy("^aspnet-identity:A[Q-Za-f]"),
      signedInSinceImport: sql<number>`count(*) filter (where ${customers.lastSignInAt} > ${customers.importedAt})`.mapWith(Number),
      noPassword: sql<number>`count(*) filter (where ${customers.passwordHash} is null)`.mapWith(Number),
    })
    .from(customers)
    .where(isNotNull(customers.importedAt));
  return { ...row, firstImportAt: row.firstImportAt ? new Date(row.firstImportAt) : null };
}

