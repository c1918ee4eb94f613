import packageJson from "@/package.json";
import { config } from "@/lib/config";
import { databaseHandle } from "@/lib/db";
import { errorSummary, logErrorThrottled } from "@/lib/log";
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

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref());
}

export function release() {
  return { version: packageJson.version, commit: config().operations.commit };
}

export async function readiness(): Promise<Readiness> {
  const limits = config().operations.readiness;
  const { version, commit } = release();
  let handle;
  let figures: [MigrationFigures, MailFigures, JobFigures];
  try {
    handle = await Promise.race([databaseHandle(), timeout(TIMEOUT_MS)]);
    const database = handle.db;
    figures = await Promise.race([Promise.all([migrationFigures(database), mailFigures(database), jobFigures(database)]), timeout(TIMEOUT_MS)]);
  } catch (error) {
    // S52: the answer is public, so the reason (a host, a port) goes to the log only.
    logErrorThrottled("health:ready", `[health] readiness check failed: ${errorSummary(error)}`);
    return { status: "unavailable", problems: ["database: not reachable"], version, commit, database: { reachable: false } };
  }
  const [migrations, mail, jobs] = figures;
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
    database: { kind: handle.kind, reachable: true, migrations },
    mail,
    jobs,
  };
}
