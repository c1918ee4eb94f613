import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { MINUTE, now } from "@/lib/clock";
import { db, type Executor } from "@/lib/db";
import { outbox, type OutboxMessage } from "@/lib/db/schema";
import type { RenderedEmail } from "@/lib/mail/render";
import { mailTransport, type MailTransport } from "@/lib/mail/transport";

/**
 * The durable outbox. A message is a row written in the same transaction as the change that
 * causes it, so a mail-server outage loses nothing; workers deliver with retries and backoff.
 */
export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * MINUTE;
const BATCH = 20;

export async function enqueueMail(executor: Executor, recipient: string, email: RenderedEmail) {
  const [row] = await executor
    .insert(outbox)
    .values({ template: email.template, recipient, subject: email.subject, html: email.html, text: email.text, nextAttemptAt: now() })
    .returning({ id: outbox.id });
  return row.id;
}

/** 30 s, 1 min, 2 min … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 60 * MINUTE);
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
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  return database
    .update(outbox)
    .set({ lockedUntil: new Date(time.getTime() + LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

async function deliver(message: OutboxMessage, transport: MailTransport) {
  const database = await db();
  try {
    await transport.send({ to: message.recipient, subject: message.subject, html: message.html ?? "", text: message.text ?? "" });
    // Once delivered, the body (which may hold a reset link) is erased.
    await database
      .update(outbox)
      .set({ status: "sent", sentAt: now(), html: null, text: null, lockedUntil: null, lastError: null })
      .where(eq(outbox.id, message.id));
  } catch (error) {
    const dead = message.attempts >= MAX_ATTEMPTS;
    const reason = error instanceof Error ? error.message : String(error);
    await database
      .update(outbox)
      .set({
        status: dead ? "dead" : "pending",
        lockedUntil: null,
        lastError: reason.slice(0, 500),
        nextAttemptAt: new Date(now().getTime() + retryDelayMs(message.attempts)),
      })
      .where(eq(outbox.id, message.id));
    console.error(`[outbox] message ${message.id} (${message.template}) attempt ${message.attempts} failed${dead ? "; marked dead" : ""}: ${reason}`);
  }
}

/** Delivers every message that is due; returns how many were tried. */
export async function deliverDueMail(transport: MailTransport = mailTransport()): Promise<number> {
  let tried = 0;
  for (;;) {
    const batch = await claimDueMessages(BATCH);
    if (batch.length === 0) return tried;
    await Promise.all(batch.map((message) => deliver(message, transport)));
    tried += batch.length;
  }
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

/** The operator's "try again" for a dead message. */
export async function retryDeadMail(id: number): Promise<boolean> {
  const rows = await (await db())
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now(), lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, "dead")))
    .returning({ id: outbox.id });
  return rows.length === 1;
}
