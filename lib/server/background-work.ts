import { pruneEmailChanges } from "@/lib/account/email-change";
import { pruneUndoWayInLinks } from "@/lib/auth/undo-way-in";
import { NEW_BROWSER_ALERT_JOB, processNewBrowserAlert, pruneKnownBrowsers } from "@/lib/auth/known-browsers";
import { pruneEmailConfirmations } from "@/lib/auth/email-confirmation";
import { LOCKOUT_ALERT_JOB, processLockoutAlert } from "@/lib/auth/security-notices";
import { pruneResetTokens, processResetRequest, RESET_REQUEST_JOB } from "@/lib/auth/password-reset";
import { pruneChallenges } from "@/lib/auth/sign-in-challenge";
import { processRegistration, prunePendingRegistrations, REGISTRATION_JOB } from "@/lib/registration/registration";
import { pruneSessions } from "@/lib/auth/sessions";
import { pruneEmailCodes } from "@/lib/auth/two-step/email-code";
import { prunePasskeyCeremonies } from "@/lib/auth/two-step/passkeys";
import { pruneTrustedBrowsers } from "@/lib/auth/two-step/trusted-browser";
import { HOUR, now } from "@/lib/clock";
import { withBackgroundConnection } from "@/lib/db/background-connections";
import type { Executor } from "@/lib/db";
import { isDatabaseUnreachableError } from "@/lib/db/reachable";
import { withTimeLimits } from "@/lib/db/time-limits";
import { JOBS_PER_PASS, pruneDeadJobs, runDueJobs, runQueuedJob, type JobHandlers } from "@/lib/jobs/queue";
import { createBackgroundWorker, type BackgroundWorker } from "@/lib/jobs/worker";
import { setBackgroundPass } from "@/lib/jobs/wake";
import { errorSummary, logErrorThrottled } from "@/lib/log";
import { deliverDueMail, MESSAGES_PER_PASS } from "@/lib/mail/delivery";
import { pruneOrphanAttachments } from "@/lib/support/attachments/attachments";
import { HELD_MESSAGE_JOB, processHeldMessage } from "@/lib/support/attachments/held-messages";
import { discardExpiredHeldMail } from "@/lib/support/inbound/held-mail";
import { readSupportMailboxWhenDue } from "@/lib/support/inbound/mailbox-reader";
import { pruneKeptDrafts } from "@/lib/support/kept-drafts";
import { refreshArticleText } from "@/lib/knowledge-base/article-text";
import { pruneEndedLimits } from "@/lib/http/rate-limit";

/**
 * What the portal does in the background, in one list: the jobs features enqueue (by kind), the
 * outbox, and hourly housekeeping. The worker runs this list and knows nothing else; features
 * know nothing of the worker. A pass starts right after the response of every request that queued
 * something (lib/jobs/wake, called by the outbox and the job queue), on the server's timer every
 * OUTBOX_POLL_SECONDS, and on Vercel from the cron route.
 */
const jobHandlers: JobHandlers = {
  [RESET_REQUEST_JOB]: processResetRequest,
  [REGISTRATION_JOB]: processRegistration,
  [LOCKOUT_ALERT_JOB]: processLockoutAlert,
  [NEW_BROWSER_ALERT_JOB]: processNewBrowserAlert,
  [HELD_MESSAGE_JOB]: processHeldMessage,
};

let lastPruned = 0;
async function pruneHourly() {
  if (now().getTime() - lastPruned < HOUR) return;
  lastPruned = now().getTime();
  // Named here, for the log: a function's own name may not survive the production build's minifier.
  const prunes: [string, (tx: Executor) => Promise<unknown>][] = [
    ["reset links", pruneResetTokens],
    ["email confirmations", pruneEmailConfirmations],
    ["pending registrations", prunePendingRegistrations],
    ["sign-in challenges", pruneChallenges],
    ["sessions", pruneSessions],
    ["email changes", pruneEmailChanges],
    ["undo links", pruneUndoWayInLinks],
    ["known browsers", pruneKnownBrowsers],
    ["email codes", pruneEmailCodes],
    ["passkey ceremonies", prunePasskeyCeremonies],
    ["remembered browsers", pruneTrustedBrowsers],
    ["kept drafts", pruneKeptDrafts],
    ["ended limits", pruneEndedLimits],
  ];
  // One step that fails (a lock held past its limit, say) keeps none of the others from running;
  // the pass then reports the first error, and a later step's is logged here.
  let failed: { error: unknown } | undefined;
  const attempt = async (name: string, step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (error) {
      // An unreachable database fails every step alike (each after its connect timeout): the pass
      // ends at once, and the worker tries again within a second.
      if (isDatabaseUnreachableError(error)) throw error;
      if (failed) logErrorThrottled(`background:housekeeping:${name}`, `[background] housekeeping: ${name} failed: ${errorSummary(error)}`);
      failed ??= { error };
    }
  };
  // Each with the background work's lock and statement limits (issue 23).
  for (const [name, prune] of prunes) await attempt(name, () => withTimeLimits((tx) => prune(tx)));
  await attempt("held mail", () => discardExpiredHeldMail((work) => withTimeLimits(work)));
  await attempt("dead jobs", pruneDeadJobs);
  // Its reads and removals are statements of its own, on one of the background connections (S47).
  await attempt("orphan attachments", () => withBackgroundConnection(pruneOrphanAttachments));
  // Not a prune, but as rare, and last, so that whatever befalls it the prunes have run (S47):
  // article text an earlier release wrote, written again.
  await attempt("article text", () => withTimeLimits(refreshArticleText));
  if (failed) throw failed.error;
}

const shared = globalThis as unknown as { portalBackgroundWork?: BackgroundWorker };

/** The process's one worker (shared by route handlers, server actions and the timer). */
export function backgroundWork(): BackgroundWorker {
  if (!shared.portalBackgroundWork) {
    shared.portalBackgroundWork = createBackgroundWorker([
      { name: "jobs", run: () => runDueJobs(jobHandlers), batch: JOBS_PER_PASS },
      { name: "mail delivery", run: () => deliverDueMail(), batch: MESSAGES_PER_PASS },
      { name: "housekeeping", run: pruneHourly },
      { name: "support mailbox", run: readSupportMailboxWhenDue },
    ]);
    // Every request that queues mail or a job starts a pass after its response, and runs its own
    // job first (lib/jobs/wake).
    setBackgroundPass(shared.portalBackgroundWork.runQuietly, (id) => runQueuedJob(id, jobHandlers));
  }
  return shared.portalBackgroundWork;
}
