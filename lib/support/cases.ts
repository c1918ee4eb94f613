import { and, asc, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { supportCaseEvents, supportCases, type Customer, type SupportCase } from "@/lib/db/schema";
import CaseCreatedEmail from "@/emails/case-created";
import { renderEmail } from "@/lib/mail/render";
import { enqueueMail } from "@/lib/mail/outbox";

/** Stored as these codes; each screen names them in its language (cases.categories.<code>). */
export const caseCategories = ["question", "not-working", "request", "account", "feedback", "other"] as const;

export const newCaseSchema = z.object({
  subject: z.string().trim().min(5, "validation.case.subjectTooShort").max(120, "validation.case.subjectTooLong"),
  category: z.enum(caseCategories, "validation.case.category"),
  description: z.string().trim().min(20, "validation.case.descriptionTooShort").max(5000, "validation.case.descriptionTooLong"),
});

export type NewCase = z.infer<typeof newCaseSchema>;

/** Creates a case, its first history entry and the confirmation mail, in one transaction. */
/** @param locale the language of the confirmation mail (the customer's, else the page's). */
export async function createCase(customer: Customer, input: NewCase, locale: string): Promise<SupportCase> {
  const database = await db();
  return database.transaction(async (tx) => {
    const time = now();
    const [created] = await tx
      .insert(supportCases)
      .values({ customerId: customer.id, ...input, createdAt: time, updatedAt: time })
      .returning();
    await tx.insert(supportCaseEvents).values({ caseId: created.id, at: time, kind: "created" });
    const email = await renderEmail(
      "case-created",
      CaseCreatedEmail,
      { name: customer.name ?? customer.username, caseNumber: created.id, subject: created.subject, caseUrl: `${config().appUrl}/support/cases/${created.id}` },
      locale,
      { number: created.id },
    );
    await enqueueMail(tx, customer.email, email);
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

/** One case with its history — only when it belongs to this customer. */
export async function findCase(customerId: string, caseId: unknown) {
  const id = typeof caseId === "string" && /^\d{1,15}$/.test(caseId) ? Number(caseId) : null;
  if (id === null) return undefined;
  const database = await db();
  const [found] = await database
    .select()
    .from(supportCases)
    .where(and(eq(supportCases.id, id), eq(supportCases.customerId, customerId)));
  if (!found) return undefined;
  const history = await database.select().from(supportCaseEvents).where(eq(supportCaseEvents.caseId, id)).orderBy(asc(supportCaseEvents.at), asc(supportCaseEvents.id));
  return { ...found, history };
}
