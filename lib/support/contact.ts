import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { RequestMeta } from "@/lib/http/client-ip";
import { emailSchema } from "@/lib/customers/account-fields";
import { db, type Executor } from "@/lib/db";
import { contactMessages, type ContactMessage } from "@/lib/db/schema";
import { consumeLimit } from "@/lib/http/rate-limit";
import { announceContactMessage } from "@/lib/support/staff-notifications";

export const contactSchema = z.object({
  name: z.string().trim().min(1, "validation.contact.nameRequired").max(100, "validation.contact.nameTooLong"),
  email: emailSchema,
  message: z.string().trim().min(10, "validation.contact.messageTooShort").max(5000, "validation.contact.messageTooLong"),
});

export type ContactInput = z.infer<typeof contactSchema>;

/**
 * "Contact us" messages: the one module that writes contact_messages. The staff inbox's rules are
 * in lib/support/contact-inbox.ts.
 */

/**
 * Stores a "Contact us" message and forwards it to the support mailbox (and the agents who asked); false when the client is over its limit.
 * @param locale the language it was written from: a reply from the inbox goes out in it.
 */
export async function sendContactMessage(input: ContactInput, meta: RequestMeta, customerId: string | null, locale: string | null = null): Promise<boolean> {
  const limit = await consumeLimit("contactMessagesPerIp", meta.ip);
  if (limit.limited) return false;
  const database = await db();
  await database.transaction(async (tx) => {
    const [stored] = await tx.insert(contactMessages).values({ ...input, customerId, ip: meta.ip, locale }).returning();
    // Issue 27: the forward to the support mailbox, and a copy for each agent who asked for new work.
    await announceContactMessage(tx, stored);
  });
  return true;
}

/** The message's row, locked until the caller's transaction ends. */
export async function lockContactMessage(tx: Executor, id: number): Promise<ContactMessage | undefined> {
  const [row] = await tx.select().from(contactMessages).where(eq(contactMessages.id, id)).for("update");
  return row;
}

/** Marks a message handled by a staff member, or (null) not handled again; true when that changed anything. */
export async function setContactMessageHandled(tx: Executor, id: number, handledBy: string | null, at: Date): Promise<boolean> {
  const rows = await tx
    .update(contactMessages)
    .set(handledBy ? { handledAt: at, handledBy } : { handledAt: null, handledBy: null })
    .where(and(eq(contactMessages.id, id), handledBy ? isNull(contactMessages.handledAt) : isNotNull(contactMessages.handledAt)))
    .returning({ id: contactMessages.id });
  return rows.length > 0;
}

/** Records the case a message became. */
export async function linkContactMessageToCase(tx: Executor, id: number, caseId: number) {
  await tx.update(contactMessages).set({ caseId }).where(eq(contactMessages.id, id));
}
