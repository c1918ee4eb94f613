import { randomUUID } from "node:crypto";
import { and, asc, count, eq, gte, min, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { readForOperator } from "@/lib/db/time-limits";
import { outbox, type OutboxMessage } from "@/lib/db/schema";
import { wakeBackgroundWork, wakeFor } from "@/lib/jobs/wake";
import { DEFAULT_DELIVERY_WINDOW_MS, deliverQueuedMail } from "@/lib/mail/delivery";
import type { RenderedEmail } from "@/lib/mail/render";

/**
 * The durable outbox. A message is a row written in the same transaction as the change that
 * causes it, so a mail-server outage loses nothing; `lib/mail/delivery.ts` delivers it with
 * retries and backoff, and this module also gives the operator the outbox's figures and dead mail.
 */

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
      // Note: the portal's clock, as for deliverUntil, so the two compare (see retryDelayFor).
      createdAt: time,
      nextAttemptAt: time,
      deliverUntil: options.deliverUntil ?? new Date(time.getTime() + DEFAULT_DELIVERY_WINDOW_MS),
      supersedeKey: options.supersedeKey ?? null,
      replyTo: options.replyTo ?? null,
    })
    .returning({ id: outbox.id });
  // Sent as soon as what queued it has committed, not behind the rest of the outbox (issue 23).
  wakeFor(() => deliverQueuedMail(row.id));
  return row.id;
}

/**
 * Issue 22, S49: mail still waiting for an address that has stopped being the account's — a
 * thief's, once "This wasn't me" put the owner's back — queued since a moment, is not sent: a case
 * answer queued while the mail server was down must not reach them after the owner is back. The
 * pending rows only (the status index), in the caller's transaction.
 */
export async function withdrawMailTo(executor: Executor, recipient: string, since: Date) {
  await executor
    .update(outbox)
    .set({ status: "superseded", html: null, text: null, lastError: "its address is no longer the account's" })
    .where(and(eq(outbox.status, "pending"), sql`lower(${outbox.recipient}) = lower(${recipient})`, gte(outbox.createdAt, since)));
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
  if (rows.length === 1) wakeBackgroundWork();
  return rows.length === 1;
}

/** How long the oldest message still waiting to go out has waited, in seconds (0 when none): a wedge shows here. */
export async function oldestWaitingMailAge(): Promise<number> {
  const [row] = await readForOperator((tx) => tx.select({ oldest: min(outbox.createdAt) }).from(outbox).where(eq(outbox.status, "pending")));
  return row?.oldest ? Math.max(0, Math.round((now().getTime() - new Date(row.oldest).getTime()) / 1000)) : 0;
}

/** How many messages are in each state (pending, sent, superseded, dead), for the operator. */
export async function mailCounts(): Promise<Record<OutboxMessage["status"], number>> {
  const rows = await readForOperator((tx) => tx.select({ status: outbox.status, count: count() }).from(outbox).groupBy(outbox.status));
  const counts: Record<OutboxMessage["status"], number> = { pending: 0, sent: 0, superseded: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
