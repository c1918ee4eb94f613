import { and, eq, inArray } from "drizzle-orm";
import { now } from "@/lib/clock";
import { withTimeLimits } from "@/lib/db/time-limits";
import { outbox } from "@/lib/db/schema";
import { keptWrites } from "@/lib/jobs/kept-writes";
import { leaseStillHeld } from "@/lib/jobs/leases";
import { messageRows } from "@/lib/mail/message-leases";
import { clearThrottledLog, errorSummary, logErrorThrottled } from "@/lib/log";

/**
 * What the mail server answered, kept in memory until the row says so. The database may be gone
 * for a moment just when the mail server accepts a message (issue 23, item 2): the outcome is
 * written as soon as the database answers again — tried every second; a send may take 35 s of the
 * 45-second lease, so about 10 s are left — so the message is not sent a second time when its lease
 * lapses. Only a crash of this process between the mail server's answer and that write sends a
 * second copy. The keeping and the retry are lib/jobs/kept-writes.ts's, which the jobs' failures share.
 */
export type Outcome = { status: "sent" } | { status: "failed"; reason: string; nextAttemptAt: Date; attempts: number };

async function writeOutcome(id: number, outcome: Outcome) {
  await withTimeLimits((tx) =>
    outcome.status === "sent"
      ? // Once delivered, the body (which may hold a link) is erased. A newer message with the same
        // key may have marked this one superseded while the mail server was taking it (the newer
        // request came mid-send): it was delivered all the same, and the row says so — one row
        // per mail that went out, so "sent" counts what customers received.
        tx
          .update(outbox)
          .set({ status: "sent", sentAt: now(), html: null, text: null, lockedUntil: null, lastError: null })
          .where(and(eq(outbox.id, id), inArray(outbox.status, ["pending", "superseded"])))
      : tx
          .update(outbox)
          .set({ lockedUntil: null, lastError: outcome.reason, nextAttemptAt: outcome.nextAttemptAt })
          // Note: a failure written late (kept while the database was away) is this instance's
          // only while its lease is: once another instance has claimed the message, that one's
          // lease and outcome stand (as a job's kept failure, lib/jobs/queue.ts).
          .where(leaseStillHeld(messageRows, { id, attempts: outcome.attempts })),
  );
}

const outcomes = keptWrites<Outcome>("outbox outcomes", writeOutcome, {
  onKept: (id, error) =>
    logErrorThrottled("outbox:record", `[outbox] the outcome of message ${id} could not be written yet; it is kept and written shortly: ${errorSummary(error)}`),
  onAllWritten: () => clearThrottledLog("outbox:record"),
});

export function recordOutcome(id: number, outcome: Outcome): Promise<void> {
  return outcomes.record(id, outcome);
}

/** Writes every kept outcome it can; returns how many the database still refuses (kept for later). */
export function writeKeptOutcomes(): Promise<number> {
  return outcomes.writeKept();
}

/** The messages whose outcome this process still has to write (not to be claimed again meanwhile). */
export function keptOutcomeIds(): number[] {
  return outcomes.keptIds();
}
