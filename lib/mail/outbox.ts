import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, isNull, lte, min, notInArray, or, sql } from "drizzle-orm";
import { DAY, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { withTimeLimits } from "@/lib/db/time-limits";
import { outbox, type OutboxMessage } from "@/lib/db/schema";
import { clearThrottledLog, errorSummary, logErrorThrottled } from "@/lib/log";
import type { RenderedEmail } from "@/lib/mail/render";
import { mailTransport, type MailTransport } from "@/lib/mail/transport";
import { mailDead, mailFailed, mailSent } from "@/lib/operations/events";

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

export type MailOptions = {
  /** Not sent after this (a reset link that expires). Default: a day from now. */
  deliverUntil?: Date;
  /** A newer message with the same key replaces a pending older one. */
  supersedeKey?: string;
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
    })
    .returning({ id: outbox.id });
  return row.id;
}

/** 30 s, 1 min, 2 min … at most `capMs` (half an hour by default, so a day holds about fifty attempts). */
export function retryDelayMs(attempts: number, capMs = 30 * MINUTE): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), capMs);
}

// Note: a message with a deadline of its own (a link that expires) is tried at least every five
// minutes after the first steps, so it still goes out within its link's life when the mail server
// comes back late in an outage, instead of being superseded at an attempt scheduled past its
// expiry (issue 23, item 4).
export const LINK_RETRY_CAP_MS = 5 * MINUTE;

function retryDelayFor(message: OutboxMessage): number {
  const ownDeadline = message.deliverUntil.getTime() - message.createdAt.getTime() < DEFAULT_DELIVERY_WINDOW_MS;
  return retryDelayMs(message.attempts, ownDeadline ? LINK_RETRY_CAP_MS : 30 * MINUTE);
}

/**
 * Messages whose time has passed are not sent: one that carries a link (it has a supersede key)
 * is superseded — the customer can ask again — and any other is dead, which the operator hears of.
 * A row another transaction holds is skipped and set aside on a later pass.
 */
async function setAsideOverdue() {
  const time = now();
  const overdue = await withTimeLimits((tx) =>
    tx
      .update(outbox)
      .set({
        status: sql`case when ${outbox.supersedeKey} is null then 'dead' else 'superseded' end`,
        html: sql`case when ${outbox.supersedeKey} is null then ${outbox.html} else null end`,
        text: sql`case when ${outbox.supersedeKey} is null then ${outbox.text} else null end`,
        lastError: sql`coalesce(${outbox.lastError}, 'not delivered in time')`,
        lockedUntil: null,
      })
      .where(
        inArray(
          outbox.id,
          tx
            .select({ id: outbox.id })
            .from(outbox)
            .where(and(eq(outbox.status, "pending"), lte(outbox.deliverUntil, time), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, time))))
            .for("update", { skipLocked: true }),
        ),
      )
      .returning({ id: outbox.id, template: outbox.template, status: outbox.status, lastError: outbox.lastError }),
  );
  for (const message of overdue) {
    if (message.status === "dead") {
      // S47: the operator's alert; `npm run user -- mail dead` lists these.
      mailDead(message);
    }
  }
}

/**
 * Takes a lease on the next due message. The claim itself is one UPDATE whose row comes from a
 * FOR UPDATE SKIP LOCKED select, so a row another transaction holds is passed over (issue 23) and
 * several instances drain at once without two sending the same message. A message whose outcome
 * this process still has to write is not claimed again.
 */
async function claimNextMessage(): Promise<OutboxMessage | undefined> {
  const time = now();
  const kept = [...keptOutcomes().keys()];
  const [message] = await withTimeLimits((tx) =>
    tx
      .update(outbox)
      .set({ lockedUntil: new Date(time.getTime() + LEASE_MS), lockedBy: config().instanceId, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          tx
            .select({ id: outbox.id })
            .from(outbox)
            .where(
              and(
                eq(outbox.status, "pending"),
                lte(outbox.nextAttemptAt, time),
                or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, time)),
                kept.length > 0 ? notInArray(outbox.id, kept) : undefined,
              ),
            )
            .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
            .limit(1)
            .for("update", { skipLocked: true }),
        ),
      )
      .returning(),
  );
  return message;
}

/**
 * What the mail server answered, kept in memory until the row says so. The database may be gone
 * for a moment just when the mail server accepts a message (issue 23, item 2): the outcome is
 * written as soon as the database answers again — tried every second; a send may take 35 s of the
 * 45-second lease, so about 10 s are left — so the message is not sent a second time when its lease
 * lapses. Only a crash of this
 * process between the mail server's answer and that write sends a second copy.
 */
type Outcome = { status: "sent" } | { status: "failed"; reason: string; nextAttemptAt: Date; attempts: number };

const shared = globalThis as unknown as { portalKeptOutcomes?: Map<number, Outcome>; portalOutcomeRetry?: NodeJS.Timeout };
const OUTCOME_RETRY_MS = 1_000;

function keptOutcomes(): Map<number, Outcome> {
  shared.portalKeptOutcomes ??= new Map();
  return shared.portalKeptOutcomes;
}

async function writeOutcome(id: number, outcome: Outcome) {
  await withTimeLimits((tx) =>
    outcome.status === "sent"
      ? // Once delivered, the body (which may hold a link) is erased.
        tx
          .update(outbox)
          .set({ status: "sent", sentAt: now(), html: null, text: null, lockedUntil: null, lastError: null })
          .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
      : tx
          .update(outbox)
          .set({ lockedUntil: null, lastError: outcome.reason, nextAttemptAt: outcome.nextAttemptAt })
          // Note: a failure written late (kept while the database was away) is this instance's
          // only while its lease is: once another instance has claimed the message, that one's
          // lease and outcome stand (as the jobs' writeFailure).
          .where(and(eq(outbox.id, id), eq(outbox.status, "pending"), eq(outbox.lockedBy, config().instanceId), eq(outbox.attempts, outcome.attempts))),
  );
}

async function recordOutcome(id: number, outcome: Outcome) {
  try {
    await writeOutcome(id, outcome);
  } catch (error) {
    keptOutcomes().set(id, outcome);
    logErrorThrottled("outbox:record", `[outbox] the outcome of message ${id} could not be written yet; it is kept and written shortly: ${errorSummary(error)}`);
    scheduleOutcomeRetry();
  }
}

/** Writes every kept outcome it can; returns how many the database still refuses (kept for later). */
export async function writeKeptOutcomes(): Promise<number> {
  for (const [id, outcome] of keptOutcomes()) {
    try {
      await writeOutcome(id, outcome);
      keptOutcomes().delete(id);
    } catch {
      // Still unreachable, or the row still held: kept for the next try.
    }
  }
  return keptOutcomes().size;
}

function scheduleOutcomeRetry() {
  if (shared.portalOutcomeRetry) return;
  shared.portalOutcomeRetry = setTimeout(async () => {
    const left = await writeKeptOutcomes();
    shared.portalOutcomeRetry = undefined;
    if (left > 0) scheduleOutcomeRetry();
    else clearThrottledLog("outbox:record");
  }, OUTCOME_RETRY_MS);
  shared.portalOutcomeRetry.unref();
}

async function deliver(message: OutboxMessage, transport: MailTransport) {
  const sendStarted = performance.now();
  try {
    await transport.send({ to: message.recipient, subject: message.subject, html: message.html ?? "", text: message.text ?? "", messageId: message.messageId });
  } catch (error) {
    const reason = errorSummary(error);
    await recordOutcome(message.id, { status: "failed", reason, nextAttemptAt: new Date(now().getTime() + retryDelayFor(message)), attempts: message.attempts });
    mailFailed(message, reason);
    return;
  }
  await recordOutcome(message.id, { status: "sent" });
  mailSent(message, performance.now() - sendStarted);
}

// Messages one process sends at once (the SMTP pool keeps as many connections), and at most so
// many in one pass, so that a busy outbox still lets the rest of the background work have its turn.
export const MAIL_LANES = 4;
const MESSAGES_PER_PASS = 200;

/** Delivers every message that is due, several at a time; returns how many were tried. */
export async function deliverDueMail(transport: MailTransport = mailTransport(), lanes = MAIL_LANES): Promise<number> {
  await writeKeptOutcomes();
  await setAsideOverdue();
  let tried = 0;
  async function lane() {
    while (tried < MESSAGES_PER_PASS) {
      const message = await claimNextMessage();
      if (!message) return;
      tried += 1;
      await deliver(message, transport);
    }
  }
  const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return tried;
}

/**
 * After a crash and restart, this instance's leases are its own to take back: the messages it was
 * sending are tried again at once (the same Message-ID) instead of after the lease lapses.
 */
export async function releaseMailLeasesOf(instanceId: string) {
  await withTimeLimits((tx) => tx.update(outbox).set({ lockedUntil: null, lockedBy: null }).where(and(eq(outbox.lockedBy, instanceId), eq(outbox.status, "pending"))));
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

/** How long the oldest message still waiting to go out has waited, in seconds (0 when none): a wedge shows here. */
export async function oldestWaitingMailAge(): Promise<number> {
  const [row] = await withTimeLimits((tx) => tx.select({ oldest: min(outbox.createdAt) }).from(outbox).where(eq(outbox.status, "pending")));
  return row?.oldest ? Math.max(0, Math.round((now().getTime() - new Date(row.oldest).getTime()) / 1000)) : 0;
}

/** How many messages are in each state (pending, sent, superseded, dead), for the operator. */
export async function mailCounts(): Promise<Record<OutboxMessage["status"], number>> {
  const rows = await withTimeLimits((tx) => tx.select({ status: outbox.status, count: count() }).from(outbox).groupBy(outbox.status));
  const counts: Record<OutboxMessage["status"], number> = { pending: 0, sent: 0, superseded: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
