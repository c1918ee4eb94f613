import { and, eq, inArray } from "drizzle-orm";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { withTimeLimits } from "@/lib/db/time-limits";
import { outbox } from "@/lib/db/schema";
import { clearThrottledLog, errorSummary, logErrorThrottled } from "@/lib/log";

/**
 * What the mail server answered, kept in memory until the row says so. The database may be gone
 * for a moment just when the mail server accepts a message (issue 23, item 2): the outcome is
 * written as soon as the database answers again — tried every second; a send may take 35 s of the
 * 45-second lease, so about 10 s are left — so the message is not sent a second time when its lease
 * lapses. Only a crash of this process between the mail server's answer and that write sends a
 * second copy.
 */
export type Outcome = { status: "sent" } | { status: "failed"; reason: string; nextAttemptAt: Date; attempts: number };

const shared = globalThis as unknown as { portalKeptOutcomes?: Map<number, Outcome>; portalOutcomeRetry?: NodeJS.Timeout };
const OUTCOME_RETRY_MS = 1_000;

/** The messages whose outcome this process still has to write (not to be claimed again meanwhile). */
export function keptOutcomes(): Map<number, Outcome> {
  shared.portalKeptOutcomes ??= new Map();
  return shared.portalKeptOutcomes;
}

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
          // lease and outcome stand (as the jobs' writeFailure).
          .where(and(eq(outbox.id, id), eq(outbox.status, "pending"), eq(outbox.lockedBy, config().instanceId), eq(outbox.attempts, outcome.attempts))),
  );
}

export async function recordOutcome(id: number, outcome: Outcome) {
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
