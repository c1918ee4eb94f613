import { z } from "zod";
import type { RequestMeta } from "@/lib/http/client-ip";
import { config } from "@/lib/config";
import { emailSchema } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { contactMessages } from "@/lib/db/schema";
import ContactMessageEmail, { contactMessageSubject } from "@/emails/contact-message";
import { renderEmail } from "@/lib/mail/render";
import { enqueueMail } from "@/lib/mail/outbox";
import { consumeLimit } from "@/lib/http/rate-limit";

export const contactSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Keep your name to 100 characters."),
  email: emailSchema,
  message: z.string().trim().min(10, "Write a message of at least 10 characters.").max(5000, "Keep the message to 5000 characters."),
});

export type ContactInput = z.infer<typeof contactSchema>;

/** Stores a "Contact us" message and forwards it to the support mailbox; false when the client is over its limit. */
export async function sendContactMessage(input: ContactInput, meta: RequestMeta, customerId: string | null): Promise<boolean> {
  const limit = await consumeLimit("contactMessagesPerIp", meta.ip);
  if (limit.limited) return false;
  const database = await db();
  await database.transaction(async (tx) => {
    const [stored] = await tx.insert(contactMessages).values({ ...input, customerId, ip: meta.ip }).returning({ id: contactMessages.id });
    const email = await renderEmail(
      "contact-message",
      ContactMessageEmail,
      { ...input, reference: stored.id, signedIn: customerId !== null },
      contactMessageSubject(stored.id, input.name),
    );
    await enqueueMail(tx, config().branding.supportEmail, email);
  });
  return true;
}
