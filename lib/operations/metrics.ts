import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { readForOperator } from "@/lib/db/time-limits";
import { jobFigures, mailFigures } from "./figures";

/**
 * The portal's metrics in Prometheus' text format (issue 29), through prom-client. Counters are
 * this process's since it started (Prometheus scrapes each instance); the outbox and job figures
 * are read from the database at each scrape, so they are the same on every instance. Labels are
 * route patterns, templates, kinds and results — never a path, an address or anything typed (S52).
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metric = { registers: [registry] };
  return {
    registry,
    requests: new Counter({ name: "portal_http_requests_total", help: "Requests answered, by method, route pattern and status.", labelNames: ["method", "route", "status"], ...metric }),
    requestSeconds: new Histogram({
      name: "portal_http_request_duration_seconds",
      help: "Time to answer a request, by method and route pattern.",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ...metric,
    }),
    signIns: new Counter({ name: "portal_sign_ins_total", help: "Password sign-in attempts, by result (succeeded, failed, throttled).", labelNames: ["result"], ...metric }),
    resetsRequested: new Counter({ name: "portal_password_resets_requested_total", help: '"Forgot your password?" requests, for any address.', ...metric }),
    resetsCompleted: new Counter({ name: "portal_password_resets_completed_total", help: "Passwords set through a reset link.", ...metric }),
    lockouts: new Counter({ name: "portal_lockouts_total", help: "Accounts locked after failures (locked) or blocked until a reset (blocked).", labelNames: ["kind"], ...metric }),
    throttles: new Counter({ name: "portal_throttled_total", help: "Requests refused by a rate limit, by limit.", labelNames: ["limit"], ...metric }),
    twoStep: new Counter({ name: "portal_two_step_total", help: "Second steps at sign-in, by result (passed, failed, throttled).", labelNames: ["result"], ...metric }),
    mail: new Counter({ name: "portal_mail_total", help: "Mail delivery attempts, by outcome (sent, failed, dead) and template.", labelNames: ["outcome", "template"], ...metric }),
    mailSendSeconds: new Histogram({
      name: "portal_mail_send_duration_seconds",
      help: "Time the mail server took to accept a message.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      ...metric,
    }),
    jobs: new Counter({ name: "portal_jobs_total", help: "Jobs run, by kind and outcome (done, failed, dead).", labelNames: ["kind", "outcome"], ...metric }),
    outboxWaiting: new Gauge({ name: "portal_outbox_waiting", help: "Mail waiting to be delivered.", ...metric }),
    outboxOldest: new Gauge({ name: "portal_outbox_oldest_waiting_seconds", help: "How long the oldest waiting mail has waited (0 when none waits).", ...metric }),
    outboxDead: new Gauge({ name: "portal_outbox_dead", help: "Mail that could not be delivered in its window.", ...metric }),
    outboxLastSent: new Gauge({ name: "portal_outbox_last_sent_timestamp_seconds", help: "When the mail server last accepted a message (0: never).", ...metric }),
    jobsWaiting: new Gauge({ name: "portal_jobs_waiting", help: "Jobs waiting to run.", ...metric }),
    jobsOldestDue: new Gauge({ name: "portal_jobs_oldest_due_seconds", help: "How long the job due longest has waited past its time.", ...metric }),
    jobsDead: new Gauge({ name: "portal_jobs_dead", help: "Jobs set aside after their last attempt.", ...metric }),
  };
}

export type PortalMetrics = ReturnType<typeof createMetrics>;

// One set per process, shared by route handlers, server actions and the request log (each may be
// a separate bundle); a second registration of the same name would throw.
const METRICS = Symbol.for("portal.metrics");
const shared = globalThis as unknown as Record<symbol, PortalMetrics | undefined>;

export function metrics(): PortalMetrics {
  shared[METRICS] ??= createMetrics();
  return shared[METRICS];
}

/** The text Prometheus scrapes, with the outbox and job figures read now. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  const current = metrics();
  // On a connection for requests, each statement cut at two seconds (issue 24), like readiness.
  const [mail, jobs] = await readForOperator(async (tx) => [await mailFigures(tx), await jobFigures(tx)] as const);
  current.outboxWaiting.set(mail.waiting);
  current.outboxOldest.set(mail.oldestWaitingSeconds ?? 0);
  current.outboxDead.set(mail.dead);
  current.outboxLastSent.set(mail.lastSentAt ? mail.lastSentAt.getTime() / 1000 : 0);
  current.jobsWaiting.set(jobs.waiting);
  current.jobsOldestDue.set(jobs.oldestDueSeconds ?? 0);
  current.jobsDead.set(jobs.dead);
  return { contentType: current.registry.contentType, text: await current.registry.metrics() };
}
