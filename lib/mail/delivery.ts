import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { DAY, MINUTE, now } from "@/lib/clock";
import { withTimeLimits } from "@/lib/db/time-limits";
import { claimDue, doublingWaitMs, inTakeUpLane, releaseLeasesOf, runInLanes } from "@/lib/jobs/leases";
import { outbox, type OutboxMessage } from "@/lib/db/schema";
import { messageRows } from "@/lib/mail/message-leases";
import { keptOutcomeIds, recordOutcome, writeKeptOutcomes } from "@/lib/mail/kept-outcomes";
import { mailTransport, type MailTransport } from "@/lib/mail/transport";
import { mailDead, mailFailed, mailSent } from "@/lib/operations/events";
import { errorSummary } from "@/lib/log";

/**
 * Delivering the outbox (`lib/mail/outbox.ts`): messages are claimed with a lease, handed to the
 * mail server and retried with backoff. Delivery is at least once: a crash after the mail server
 * accepted a message and before the row says "sent" sends it again when the lease lapses, with
 * the same Message-ID (so receivers can drop the copy) and the same content.
 */

/** S47: every message is tried for at least a day before it is given up (security notices included). */
export const DEFAULT_DELIVERY_WINDOW_MS = DAY;

/** 30 s, 1 min, 2 min … at most `capMs` (half an hour by default, so a day holds about fifty attempts). */
export function retryDelayMs(attempts: number, capMs = 30 * MINUTE): number {
  return doublingWaitMs(attempts, 30_000, capMs);
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
 * Takes a lease on the next due message, or on message `onlyId` when it is due; several instances
 * drain at once without two sending the same message. A message whose outcome this process still
 * has to write is not claimed again.
 */
function claimNextMessage(onlyId?: number): Promise<OutboxMessage | undefined> {
  return claimDue<OutboxMessage>(messageRows, { onlyId, except: keptOutcomeIds() });
}

async function deliver(message: OutboxMessage, transport: MailTransport) {
  const sendStarted = performance.now();
  try {
    await transport.send({ to: message.recipient, subject: message.subject, html: message.html ?? "", text: message.text ?? "", messageId: message.messageId, ...(message.replyTo ? { replyTo: message.replyTo } : {}) });
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
export const MESSAGES_PER_PASS = 200;

/** Delivers every message that is due, several at a time; returns how many were tried. */
export async function deliverDueMail(transport: MailTransport = mailTransport(), lanes = MAIL_LANES): Promise<number> {
  await writeKeptOutcomes();
  await setAsideOverdue();
  return runInLanes(lanes, MESSAGES_PER_PASS, () => claimNextMessage(), (message) => deliver(message, transport));
}

// Messages one process sends at once as soon as they are queued (besides the pass's lanes); one
// queued while all are busy waits for the pass. Their claims and outcomes are transactions within
// the background work's share of the pool, like the lanes' (lib/db/background-connections.ts, S47).
export const MAIL_SENT_AT_ONCE = 4;

/**
 * Sends message `id` now if it is still waiting and a lane is free: the mail a job has just queued
 * (a reset link) goes out from the lane that ran the job, not behind the rest of the outbox (issue
 * 23). Never throws: whatever it cannot do, the pass does.
 */
export function deliverQueuedMail(id: number, transport: MailTransport = mailTransport()): Promise<boolean> {
  return inTakeUpLane("mail", MAIL_SENT_AT_ONCE, async () => {
    // Not found: another lane or a pass has it, or it is no longer due (its outcome is written).
    const message = await claimNextMessage(id);
    if (message) await deliver(message, transport);
    return true;
  });
}

/**
 * After a crash and restart, this instance's leases are its own to take back: the messages it was
 * sending are tried again at once (the same Message-ID) instead of after the lease lapses.
 */
export function releaseMailLeasesOf(instanceId: string): Promise<void> {
  return releaseLeasesOf(messageRows, instanceId);
}
