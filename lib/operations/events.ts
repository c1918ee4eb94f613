import { log, logErrorThrottled } from "@/lib/log";
import { metrics } from "./metrics";

/**
 * The events an operator follows (issue 29), each one call at the place it happens: a line in the
 * log and, for metrics, a count. What they carry is ids, kinds and counts — never an address, a
 * token or anything a customer typed (S42, S52).
 */

export type MailEventMessage = { id: number; template: string; attempts: number; createdAt?: Date | null };

/** The mail server accepted a message. */
export function mailSent(message: MailEventMessage, sendMs: number) {
  metrics().mail.inc({ outcome: "sent", template: message.template });
  metrics().mailSendSeconds.observe(sendMs / 1000);
  log.info(`[outbox] message ${message.id} (${message.template}) sent`, {
    event: "mail.sent",
    mailId: message.id,
    template: message.template,
    attempt: message.attempts,
    sendMs: Math.round(sendMs),
  });
}

/**
 * An attempt failed; the message is tried again later. S47: the same failure is written once a
 * minute with a count, not once per attempt, so a mail server that is down cannot flood the log.
 */
export function mailFailed(message: MailEventMessage, reason: string) {
  metrics().mail.inc({ outcome: "failed", template: message.template });
  logErrorThrottled("outbox:send", `[outbox] message ${message.id} (${message.template}) attempt ${message.attempts} failed; it will be tried again: ${reason}`, 60_000, {
    event: "mail.failed",
    mailId: message.id,
    template: message.template,
    attempt: message.attempts,
  });
}

/** A message could not be delivered in its window and is set aside: the operator's alert. */
export function mailDead(message: { id: number; template: string; lastError: string | null }) {
  metrics().mail.inc({ outcome: "dead", template: message.template });
  log.error(`[outbox] message ${message.id} (${message.template}) could not be delivered in time and is dead: ${message.lastError}`, {
    event: "mail.dead",
    mailId: message.id,
    template: message.template,
  });
}

/** A job ran through. */
export function jobDone(job: { id: number; kind: string; attempts: number }, durationMs: number) {
  metrics().jobs.inc({ kind: job.kind, outcome: "done" });
  log.info(`[jobs] job ${job.id} (${job.kind}) done`, { event: "job.done", jobId: job.id, kind: job.kind, attempt: job.attempts, durationMs: Math.round(durationMs) });
}

/** A job failed: retried later (its failures written once a minute, S47), or dead after its last attempt. */
export function jobFailed(job: { id: number; kind: string; attempts: number }, dead: boolean, reason: string) {
  metrics().jobs.inc({ kind: job.kind, outcome: dead ? "dead" : "failed" });
  const fields = { event: dead ? "job.dead" : "job.failed", jobId: job.id, kind: job.kind, attempt: job.attempts };
  if (dead) log.error(`[jobs] job ${job.id} (${job.kind}) failed ${job.attempts} times and is set aside: ${reason}`, fields);
  else logErrorThrottled(`job:${job.kind}`, `[jobs] a ${job.kind} job failed (attempt ${job.attempts}; retried later): ${reason}`, 60_000, fields);
}

/** A background pass that did something: how many items each task handled. Idle passes say nothing. */
export function backgroundPassDone(handled: Record<string, number>, durationMs: number) {
  const worked = Object.entries(handled).filter(([, count]) => count > 0);
  if (worked.length === 0) return;
  log.info(`[background] pass: ${worked.map(([task, count]) => `${task} ${count}`).join(", ")}`, {
    event: "background.pass",
    ...Object.fromEntries(worked.map(([task, count]) => [task.replace(/\s+(\w)/g, (_match, letter: string) => letter.toUpperCase()), count])),
    durationMs: Math.round(durationMs),
  });
}

/** Counts the security events the audit log records that an operator watches as rates. */
export function auditEventRecorded(event: string) {
  const current = metrics();
  switch (event) {
    case "sign_in_succeeded":
      return current.signIns.inc({ result: "succeeded" });
    case "sign_in_failed":
      return current.signIns.inc({ result: "failed" });
    case "sign_in_throttled":
      return current.signIns.inc({ result: "throttled" });
    case "lockout_started":
      return current.lockouts.inc({ kind: "locked" });
    case "password_sign_in_blocked":
      return current.lockouts.inc({ kind: "blocked" });
    case "password_reset_completed":
      return current.resetsCompleted.inc();
    case "second_step_passed":
      return current.twoStep.inc({ result: "passed" });
    case "second_step_failed":
      return current.twoStep.inc({ result: "failed" });
    case "second_step_throttled":
      return current.twoStep.inc({ result: "throttled" });
  }
}

/** A "Forgot your password?" request, for any address (whether it has an account is not counted: S16). */
export function passwordResetRequested() {
  metrics().resetsRequested.inc();
}

/** A rate limit refused a request. */
export function throttled(limit: string) {
  metrics().throttles.inc({ limit });
}
