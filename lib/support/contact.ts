import { z } from "zod";
import type { RequestMeta } from "@/lib/http/client-ip";
import { config } from "@/lib/config";
import { emailSchema } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { contactMessages } from "@/lib/db/schema";
import ContactMessageEmail from "@/emails/contact-message";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { renderEmail } from "@/lib/mail/render";
import { enqueueMail } from "@/lib/mail/outbox";
import { consumeLimit } from "@/lib/http/rate-limit";

export const contactSchema = z.object({
  name: z.string().trim().min(1, "validation.contact.nameRequired").max(100, "validation.contact.nameTooLong"),
  email: emailSchema,
  message: z.string().trim().min(10, "validation.contact.messageTooShort").max(5000, "validation.contact.messageTooLong"),
});

export type ContactInput = z.infer<typeof contactSchema>;

/** Stores a "Contact us" message and forwards it to the support mailbox; false when the client is over its limit. */
export async function sendContactMessage(input: ContactInput, meta: RequestMeta, customerId: string | null): Promise<boolean> {
  const limit = await consumeLimit("contactMessagesPerIp", meta.ip);
  if (limit.limited) return false;
  const database = await db();
  await database.transaction(async (tx) => {
    const [stored] = await tx.insert(contactMessages).values({ ...input, customerId, ip: meta.ip }).returning({ id: contactMessages.id });
    // The support team reads the portal's default language.
    const email = await renderEmail("contact-message", ContactMessageEmail, { ...input, reference: stored.id, signedIn: customerId !== null }, DEFAULT_LOCALE, {
      reference: stored.id,
      name: input.name,
    });
    await enqueueMail(tx, config().branding.supportEmail, email);
  });
  return true;
}
