import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { DAY, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { outbox, type OutboxMessage } from "@/lib/db/schema";
import { errorSummary, logErrorThrottled } from "@/lib/log";
import type { RenderedEmail } from "@/lib/mail/render";
import { mailTransport, type MailTransport } from "@/lib/mail/transport";

/**
 * The durable outbox. A message is a row written in the same transaction as the change that
 * causes it, so a mail-server outage loses nothing; workers deliver with retries and backoff.
 *
 * Delivery is at least once: a crash after the mail server accepted a message and before the row
 * says "sent" sends it again when the lease lapses, with the same Message-ID (so receivers can
 * drop the copy) and the same content.
 */

/** S47: every message is tried for at least a day before it is given up (security notices included). */
export const DEFAULT_DELIVERY_WINDOW_MS = DAY;
// Note: longer than the slowest send the transport allows (its timeouts add up to 35 s).
const LEASE_MS = 45_000;
const BATCH = 20;

export type MailOptions = {
  /** Not sent after this (a reset link that expires). Default: a day from now. */
  deliverUntil?: Date;
  /** A newer message with the same key replaces a pending older one. */
  supersedeKey?: string;
  /** Where the recipient's answer goes (issue 28): a case's reply address. */
  replyTo?: string;
};

export async function enqueueMail(executor: Executor, recipient: string, email: RenderedEmail, options: MailOptions = {}) {
  const time = now();
  if (options.supersedeKey) {
    await executor
      .update(outbox)
      .set({ status: "superseded", html: null, text: null, lastError: "replaced by a newer message" })
      .where(and(eq(outbox.supersedeKey, options.supersedeKey), eq(outbox.status, "pending")));
  }
  const [row] = await executor
    .insert(outbox)
    .values({
      template: email.template,
      recipient,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: `<${randomUUID()}@${new URL(config().appUrl).hostname}>`,
      nextAttemptAt: time,
      deliverUntil: options.deliverUntil ?? new Date(time.getTime() + DEFAULT_DELIVERY_WINDOW_MS),
      supersedeKey: options.supersedeKey ?? null,
      replyTo: options.replyTo ?? null,
    })
    .returning({ id: outbox.id });
  return row.id;
}

/** 30 s, 1 min, 2 min … at most half an hour, so a day holds about fifty attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * MINUTE);
}

/**
 * Messages whose time has passed are not sent: one that carries a link (it has a supersede key)
 * is superseded — the customer can ask again — and any other is dead, which the operator hears of.
 */
async function setAsideOverdue() {
  const database = await db();
  const overdue = await database
    .update(outbox)
    .set({
      status: sql`case when ${outbox.supersedeKey} is null then 'dead' else 'superseded' end`,
      html: sql`case when ${outbox.supersedeKey} is null then ${outbox.html} else null end`,
      text: sql`case when ${outbox.supersedeKey} is null then ${outbox.text} else null end`,
      lastError: sql`coalesce(${outbox.lastError}, 'not delivered in time')`,
      lockedUntil: null,
    })
    .where(and(eq(outbox.status, "pending"), lte(outbox.deliverUntil, now()), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now()))))
    .returning({ id: outbox.id, template: outbox.template, status: outbox.status, lastError: outbox.lastError });
  for (const message of overdue) {
    if (message.status === "dead") {
      // S47: the operator's alert; `npm run user -- mail dead` lists these.
      console.error(`[outbox] message ${message.id} (${message.template}) could not be delivered in time and is dead: ${message.lastError}`);
    }
  }
}

/**
 * Takes a lease on due messages. FOR UPDATE SKIP LOCKED plus the lease lets several app instances
 * drain at once without two sending the same message.
 */
async function claimDueMessages(limit: number): Promise<OutboxMessage[]> {
  const database = await db();
  const time = now();
  const due = database
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, time), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, time))))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  return database
    .update(outbox)
    .set({ lockedUntil: new Date(time.getTime() + LEASE_MS), lockedBy: config().instanceId, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

async function deliver(message: OutboxMessage, transport: MailTransport) {
  const database = await db();
  try {
    await transport.send({ to: message.recipient, subject: message.subject, html: message.html ?? "", text: message.text ?? "", messageId: message.messageId, ...(message.replyTo ? { replyTo: message.replyTo } : {}) });
  } catch (error) {
    const reason = errorSummary(error);
    await database
      .update(outbox)
      .set({ lockedUntil: null, lastError: reason, nextAttemptAt: new Date(now().getTime() + retryDelayMs(message.attempts)) })
      .where(eq(outbox.id, message.id));
    logErrorThrottled("outbox:send", `[outbox] message ${message.id} (${message.template}) attempt ${message.attempts} failed; it will be tried again: ${reason}`);
    return;
  }
  // Once delivered, the body (which may hold a link) is erased. This runs straight after the mail
  // server's answer: the window in which a crash causes a second copy is this one statement.
  await database
    .update(outbox)
    .set({ status: "sent", sentAt: now(), html: null, text: null, lockedUntil: null, lastError: null })
    .where(eq(outbox.id, message.id));
}

/** Delivers every message that is due; returns how many were tried. */
export async function deliverDueMail(transport: MailTransport = mailTransport()): Promise<number> {
  await setAsideOverdue();
  let tried = 0;
  for (;;) {
    const batch = await claimDueMessages(BATCH);
    if (batch.length === 0) return tried;
    await Promise.all(batch.map((message) => deliver(message, transport)));
    tried += batch.length;
  }
}

/**
 * After a crash and restart, this instance's leases are its own to take back: the messages it was
 * sending are tried again at once (the same Message-ID) instead of after the lease lapses.
 */
export async function releaseMailLeasesOf(instanceId: string) {
  await (await db()).update(outbox).set({ lockedUntil: null, lockedBy: null }).where(and(eq(outbox.lockedBy, instanceId), eq(outbox.status, "pending")));
}

export async function listMail(status: OutboxMessage["status"]) {
  return (await db())
    .select({
      id: outbox.id,
      template: outbox.template,
      recipient: outbox.recipient,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(eq(outbox.status, status))
    .orderBy(asc(outbox.id));
}

/** The operator's "try again" for a dead message: another day of attempts. */
export async function retryDeadMail(id: number): Promise<boolean> {
  const time = now();
  const rows = await (await db())
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: time, deliverUntil: new Date(time.getTime() + DEFAULT_DELIVERY_WINDOW_MS), lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, "dead")))
    .returning({ id: outbox.id });
  return rows.length === 1;
}
