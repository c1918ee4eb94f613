import { and, count, desc, eq, inArray, lt } from "drizzle-orm";
import { recordAudit, recordAuditEntries, type AuditActor } from "@/lib/audit";
import { DAY, now } from "@/lib/clock";
import { findCustomerById } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import { inboundMails, type InboundMail } from "@/lib/db/schema";
import { assertRole, type StaffMember } from "@/lib/staff/access";
import { discardUploads } from "@/lib/support/attachments/attachments";
import { messageSchema } from "@/lib/support/case-conversation";
import { insertCustomerReply } from "@/lib/support/customer-replies";
import { InboundMailDeferred, newText, parseInboundMail, takeMailFiles } from "@/lib/support/inbound/inbound-mail";

/**
 * Issue 28: the mail handleInboundMail held (a spoofed From, a wrong or revoked reply address,
 * DMARC failure, a closed case, a refused file…), for the support team on /staff/inbound. An
 * agent posts one to its case as the case's customer wrote it — the new text and its files,
 * through the same checks as any reply — or discards it. Each decision is one conditional update
 * of a still-held row, so of several presses at once exactly one acts; it is audited with the
 * agent as actor, and the mail's content is erased either way.
 */

export type HeldMailRow = Pick<InboundMail, "id" | "reason" | "sender" | "subject" | "receivedAt" | "caseId">;

/** Held mail, newest first (at most `limit`). */
export async function listHeldMail(limit = 100): Promise<HeldMailRow[]> {
  return (await db())
    .select({ id: inboundMails.id, reason: inboundMails.reason, sender: inboundMails.sender, subject: inboundMails.subject, receivedAt: inboundMails.receivedAt, caseId: inboundMails.caseId })
    .from(inboundMails)
    .where(eq(inboundMails.outcome, "held"))
    .orderBy(desc(inboundMails.receivedAt), desc(inboundMails.id))
    .limit(limit);
}

/** For the staff navigation's count. */
export async function countHeldMail(): Promise<number> {
  const [row] = await (await db()).select({ n: count() }).from(inboundMails).where(eq(inboundMails.outcome, "held"));
  return row.n;
}

/** Why a held mail could not be posted; the page says it in the staff member's words. */
export type HeldMailRefusal = "gone" | "no_case" | "no_text" | "files_refused" | "scanner_unavailable";
export type HeldMailOutcome = { ok: true; caseId?: number } | { ok: false; reason: HeldMailRefusal };

class AlreadyDecided extends Error {}

function decided(staff: StaffMember) {
  return { decidedAt: now(), decidedBy: staff.id, raw: null };
}

/** Posts a held mail to its case as the case's customer's reply; a closed case reopens (an agent chose to post). */
export async function postHeldMail(staff: StaffMember, id: number, actor: AuditActor): Promise<HeldMailOutcome> {
  assertRole(staff, "agent");
  const database = await db();
  const [row] = await database.select().from(inboundMails).where(and(eq(inboundMails.id, id), eq(inboundMails.outcome, "held"))).limit(1);
  if (!row) return { ok: false, reason: "gone" };
  const caseId = row.caseId;
  const customer = row.customerId ? await findCustomerById(row.customerId) : null;
  if (!row.raw || caseId === null || !customer) return { ok: false, reason: "no_case" };
  const { mail } = await parseInboundMail(row.raw);
  const text = mail ? messageSchema.safeParse(newText(mail)) : null;
  if (!mail || !text?.success) return { ok: false, reason: "no_text" };
  let files;
  try {
    files = await takeMailFiles(mail, customer);
  } catch (error) {
    if (error instanceof InboundMailDeferred) return { ok: false, reason: "scanner_unavailable" };
    throw error;
  }
  if (files.refused) return { ok: false, reason: "files_refused" };
  try {
    await database.transaction(async (tx) => {
      const [claimed] = await tx
        .update(inboundMails)
        .set({ outcome: "posted", ...decided(staff) })
        .where(and(eq(inboundMails.id, id), eq(inboundMails.outcome, "held")))
        .returning({ id: inboundMails.id });
      if (!claimed) throw new AlreadyDecided();
      const posted = await insertCustomerReply(tx, customer, caseId, text.data, files.ids, { reopenClosed: true });
      // The case is gone or no longer the customer's: undo the claim, the mail stays held.
      if (!posted.ok) throw new AlreadyDecided();
      await recordAudit({ event: "inbound_mail_posted_by_staff", customerId: customer.id, ...actor, details: { inboundMailId: id, caseId, reason: row.reason } }, tx);
    });
  } catch (error) {
    if (!(error instanceof AlreadyDecided)) throw error;
    await discardUploads(customer, files.ids);
    return { ok: false, reason: "gone" };
  }
  return { ok: true, caseId };
}

/** Discards a held mail: it stays recorded (so it is never read again) without its content. */
export async function discardHeldMail(staff: StaffMember, id: number, actor: AuditActor): Promise<HeldMailOutcome> {
  assertRole(staff, "agent");
  return (await db()).transaction(async (tx) => {
    const [row] = await tx
      .update(inboundMails)
      .set({ outcome: "discarded", ...decided(staff) })
      .where(and(eq(inboundMails.id, id), eq(inboundMails.outcome, "held")))
      .returning({ customerId: inboundMails.customerId, caseId: inboundMails.caseId, reason: inboundMails.reason });
    if (!row) return { ok: false, reason: "gone" } as const;
    await recordAudit({ event: "inbound_mail_discarded", customerId: row.customerId, ...actor, details: { inboundMailId: id, caseId: row.caseId, reason: row.reason } }, tx);
    return { ok: true } as const;
  });
}

/**
 * How long a held mail waits for a decision. Then the portal discards it, so a customer's mail is
 * not kept for ever when nobody looks: its content, and — since nobody decided on it — its sender
 * and subject too; the mailbox's Held folder still has it. Thirty days, as a Microsoft 365
 * quarantine keeps mail by default.
 */
export const HELD_MAIL_DAYS = 30;
// Discarded this many at a time, oldest first, each batch in a transaction of its own so that
// each statement stays short (each mail may carry up to 25 MB to erase); a housekeeping pass runs
// batches until one comes back short, at most BATCHES_PER_PASS (24,000 mails a day).
const DISCARDED_PER_BATCH = 50;
const BATCHES_PER_PASS = 20;

/**
 * Housekeeping: discards held mail older than HELD_MAIL_DAYS, audited with no actor, in batches
 * each run by `inTransaction` (the background work's time limits); returns how many. A row an
 * agent is deciding on right now is passed over (their decision stands), not waited for.
 */
export async function discardExpiredHeldMail(inTransaction: (work: (tx: Executor) => Promise<number>) => Promise<number>): Promise<number> {
  let discarded = 0;
  for (let batch = 0; batch < BATCHES_PER_PASS; batch++) {
    const count = await inTransaction(discardExpiredBatch);
    discarded += count;
    if (count < DISCARDED_PER_BATCH) break;
  }
  return discarded;
}

async function discardExpiredBatch(tx: Executor): Promise<number> {
  // Note: a WITH query, run once. As a subquery of the UPDATE, PostgreSQL may run the locking
  // SELECT again for each row, each time taking the next unlocked rows: the LIMIT then held
  // nothing back (a "batch" of 120 was discarded in one statement).
  const expired = tx.$with("expired").as(
    tx
      .select({ id: inboundMails.id })
      .from(inboundMails)
      .where(and(eq(inboundMails.outcome, "held"), lt(inboundMails.receivedAt, new Date(now().getTime() - HELD_MAIL_DAYS * DAY))))
      .orderBy(inboundMails.receivedAt)
      .limit(DISCARDED_PER_BATCH)
      .for("update", { skipLocked: true }),
  );
  const rows = await tx
    .with(expired)
    .update(inboundMails)
    .set({ outcome: "discarded", decidedAt: now(), decidedBy: null, raw: null, sender: null, subject: null })
    .where(and(inArray(inboundMails.id, tx.select({ id: expired.id }).from(expired)), eq(inboundMails.outcome, "held")))
    .returning({ id: inboundMails.id, customerId: inboundMails.customerId, caseId: inboundMails.caseId, reason: inboundMails.reason });
  await recordAuditEntries(rows.map((row) => ({ event: "inbound_mail_discarded" as const, customerId: row.customerId, details: { inboundMailId: row.id, caseId: row.caseId, reason: row.reason, expired: true } })), tx);
  return rows.length;
}
