import packageJson from "@/package.json";
import { now, SECOND } from "@/lib/clock";
import { config } from "@/lib/config";
import { databaseHandle } from "@/lib/db";
import { readForOperator } from "@/lib/db/time-limits";
import { errorSummary, logErrorThrottled } from "@/lib/log";
import { withinDeadline } from "@/lib/server/answer-deadline";
import { jobFigures, mailFigures, migrationFigures, type JobFigures, type MailFigures, type MigrationFigures } from "./figures";

/**
 * /api/health/ready (issue 29): is the portal doing its work? The database answers, its schema is
 * current, mail is not waiting longer than READY_MAX_MAIL_WAIT_SECONDS, jobs are not stuck, and
 * dead mail and jobs are within their limits. Each failed check is named in `problems`.
 */
export type Readiness = {
  status: "ok" | "unavailable";
  problems: string[];
  version: string;
  commit: string | null;
  database: { kind: "embedded" | "postgres"; reachable: true; migrations: MigrationFigures } | { reachable: false };
  mail?: MailFigures;
  jobs?: JobFigures;
};

// The same bound as /api/health: a check that takes longer counts as failed.
const TIMEOUT_MS = 2_000;

export function release() {
  return { version: packageJson.version, commit: config().operations.commit };
}

type Figures = { kind: "embedded" | "postgres"; migrations: MigrationFigures; mail: MailFigures; jobs: JobFigures } | null;

/** The figures in one transaction on a request connection, or null when the database did not answer in time. */
async function readFigures(): Promise<Figures> {
  try {
    const handle = await withinDeadline(databaseHandle(), TIMEOUT_MS);
    // One connection for requests, not a background one (issue 24): the figures answer under any
    // backlog; each statement is cut at the same two seconds, so none runs on after the answer.
    const [migrations, mail, jobs] = await withinDeadline(
      readForOperator(async (tx) => [await migrationFigures(tx), await mailFigures(tx), await jobFigures(tx)] as const, handle.db),
      TIMEOUT_MS,
    );
    return { kind: handle.kind, migrations, mail, jobs };
  } catch (error) {
    // S52: the answer is public, so the reason (a host, a port) goes to the log only.
    logErrorThrottled("health:ready", `[health] readiness check failed: ${errorSummary(error)}`);
    return null;
  }
}

/**
 * How long a probe's figures are reused. /api/health/ready answers anyone, and each read holds one
 * of the pool's connections for a whole transaction: a few callers polling in a loop would hold
 * them all and pages would queue (review finding F2, S47). So every probe in a process shares one
 * read in flight and its answer for this long — a failed read too, so a database in trouble is not
 * asked more often, but never for longer than a good one. Monitoring polls every few seconds or
 * slower, so two seconds costs it nothing.
 */
export const PROBE_FIGURES_REUSED_MS = 2 * SECOND;

let probeFigures: { figures: Promise<Figures>; settledAt: number | null } | null = null;

function sharedFigures(): Promise<Figures> {
  const current = probeFigures;
  // A clock moved back (tests) counts as expired, as does one moved past the window.
  const age = current?.settledAt == null ? 0 : now().getTime() - current.settledAt;
  if (current && age >= 0 && age < PROBE_FIGURES_REUSED_MS) return current.figures;
  const read = { figures: readFigures(), settledAt: null as number | null };
  // readFigures never rejects: a failure is the null answer, shared like any other.
  void read.figures.then(() => (read.settledAt = now().getTime()));
  probeFigures = read;
  return read.figures;
}

/** Tests only: the next probe reads afresh. */
export function forgetProbeFigures() {
  probeFigures = null;
}

/**
 * The readiness report. `shared` (the public probe): the figures may be a read another probe
 * started up to PROBE_FIGURES_REUSED_MS ago. Staff pages read their own, so a "Try again" shows at
 * once; /api/metrics needs its token and reads its own (lib/operations/metrics.ts).
 */
export async function readiness({ shared = false }: { shared?: boolean } = {}): Promise<Readiness> {
  const limits = config().operations.readiness;
  const { version, commit } = release();
  const figures = await (shared ? sharedFigures() : readFigures());
  if (!figures) return { status: "unavailable", problems: ["database: not reachable"], version, commit, database: { reachable: false } };
  const { kind, migrations, mail, jobs } = figures;
  const problems: string[] = [];
  if (!migrations.current) problems.push("database: migrations not applied");
  if (limits.maxMailWaitSeconds > 0 && (mail.oldestWaitingSeconds ?? 0) > limits.maxMailWaitSeconds) {
    problems.push(`mail: the oldest waiting message has waited ${mail.oldestWaitingSeconds} s (limit ${limits.maxMailWaitSeconds} s)`);
  }
  if (limits.maxJobWaitSeconds > 0 && (jobs.oldestDueSeconds ?? 0) > limits.maxJobWaitSeconds) {
    problems.push(`jobs: a due job has waited ${jobs.oldestDueSeconds} s (limit ${limits.maxJobWaitSeconds} s)`);
  }
  if (limits.maxDeadMail !== null && mail.dead > limits.maxDeadMail) problems.push(`mail: ${mail.dead} dead (limit ${limits.maxDeadMail})`);
  if (limits.maxDeadJobs !== null && jobs.dead > limits.maxDeadJobs) problems.push(`jobs: ${jobs.dead} dead (limit ${limits.maxDeadJobs})`);
  return {
    status: problems.length === 0 ? "ok" : "unavailable",
    problems,
    version,
    commit,
    database: { kind, reachable: true, migrations },
    mail,
    jobs,
  };
}
