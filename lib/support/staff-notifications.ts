import CaseAssignedEmail from "@/emails/case-assigned";
import CaseCustomerReplyEmail from "@/emails/case-customer-reply";
import CaseNewForStaffEmail from "@/emails/case-new-for-staff";
import ContactMessageEmail from "@/emails/contact-message";
import { config } from "@/lib/config";
import { listStaff } from "@/lib/customers/lookup";
import type { Executor } from "@/lib/db";
import type { ContactMessage, Customer, SupportCase } from "@/lib/db/schema";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";

/**
 * Issue 27: who on the support team hears of new work, through the outbox in the caller's
 * transaction (so a mail goes out exactly when the change it reports is committed). The support
 * mailbox reads the portal's default language; each staff member gets their own. Every mail
 * links to the staff page for the case or message.
 */

type Recipient = { email: string; locale: string | null };

export function staffCaseUrl(id: number): string {
  return `${config().appUrl}/staff/cases/${id}`;
}

export function staffContactUrl(id: number): string {
  return `${config().appUrl}/staff/contact/${id}`;
}

function displayName(person: Pick<Customer, "name" | "username">): string {
  return person.name ?? person.username;
}

/** The support mailbox and every enabled staff member who asked for new work — once per address. */
async function newWorkRecipients(executor: Executor): Promise<Recipient[]> {
  const mailbox = config().branding.supportEmail;
  const agents = (await listStaff(executor)).filter((member) => member.notifyNewWork && member.email.toLowerCase() !== mailbox.toLowerCase());
  return [{ email: mailbox, locale: DEFAULT_LOCALE }, ...agents.map((member) => ({ email: member.email, locale: member.locale }))];
}

/** A customer (or an agent on their behalf) opened a case. */
export async function announceNewCase(executor: Executor, supportCase: SupportCase, customer: Customer) {
  for (const recipient of await newWorkRecipients(executor)) {
    const email = await renderEmail(
      "case-new-for-staff",
      CaseNewForStaffEmail,
      { customerName: displayName(customer), caseNumber: supportCase.id, subject: supportCase.subject, description: supportCase.description, caseUrl: staffCaseUrl(supportCase.id) },
      recipient.locale,
      { number: supportCase.id, name: displayName(customer) },
    );
    await enqueueMail(executor, recipient.email, email);
  }
}

/** A Contact us message arrived: the forward to the support mailbox, and a copy for each agent who asked. */
export async function announceContactMessage(executor: Executor, message: Pick<ContactMessage, "id" | "name" | "email" | "message" | "customerId">) {
  for (const recipient of await newWorkRecipients(executor)) {
    const email = await renderEmail(
      "contact-message",
      ContactMessageEmail,
      { name: message.name, email: message.email, message: message.message, reference: message.id, signedIn: message.customerId !== null, inboxUrl: staffContactUrl(message.id) },
      recipient.locale,
      { reference: message.id, name: message.name },
    );
    // Issue 28: answering the forward from the mailbox answers the sender.
    await enqueueMail(executor, recipient.email, email, { replyTo: message.email });
  }
}

/** A case was given to an agent: they hear of it, unless they gave it to themselves or turned these mails off. */
export async function announceAssignment(executor: Executor, supportCase: SupportCase, assigneeId: string, assignedBy: Pick<Customer, "id" | "name" | "username">) {
  if (assigneeId === assignedBy.id) return;
  const assignee = (await listStaff(executor)).find((member) => member.id === assigneeId);
  if (!assignee?.notifyAssignments) return;
  const email = await renderEmail(
    "case-assigned",
    CaseAssignedEmail,
    { assignedBy: displayName(assignedBy), caseNumber: supportCase.id, subject: supportCase.subject, caseUrl: staffCaseUrl(supportCase.id) },
    assignee.locale,
    { number: supportCase.id },
  );
  await enqueueMail(executor, assignee.email, email);
}

/**
 * The customer answered on a case: the agent who holds it, in their language — else (nobody holds
 * it, they left the team, or they turned these mails off) the support mailbox, so someone always hears.
 */
export async function announceCustomerReply(executor: Executor, supportCase: SupportCase, customer: Customer, text: string, reopened: boolean) {
  const holder = supportCase.assignedTo ? (await listStaff(executor)).find((member) => member.id === supportCase.assignedTo) : undefined;
  const recipient: Recipient = holder?.notifyCustomerReplies ? holder : { email: config().branding.supportEmail, locale: DEFAULT_LOCALE };
  const email = await renderEmail(
    "case-customer-reply",
    CaseCustomerReplyEmail,
    { customerName: displayName(customer), caseNumber: supportCase.id, subject: supportCase.subject, reply: text, reopened, wasClosed: supportCase.status === "closed", caseUrl: staffCaseUrl(supportCase.id) },
    recipient.locale,
    { number: supportCase.id, name: displayName(customer) },
  );
  await enqueueMail(executor, recipient.email, email);
}
