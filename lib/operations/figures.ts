import { readFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq, lte, max, min, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { jobs, outbox } from "@/lib/db/schema";

/**
 * What an operator needs to know to tell that mail is flowing and work is being done (issue 29),
 * read from the outbox and jobs tables. The same figures feed /api/health/ready, /api/metrics and
 * the staff health page. Read-only: the outbox and the queue own their rows.
 */
export type MailFigures = {
  waiting: number;
  oldestWaitingSeconds: number | null;
  dead: number;
  lastSentAt: Date | null;
};

export type JobFigures = {
  waiting: number;
  /** How long the job that has been due longest has waited past its time. */
  oldestDueSeconds: number | null;
  dead: number;
};

export type MigrationFigures = { applied: number; expected: number; current: boolean };

function secondsSince(time: Date | string | null): number | null {
  if (time === null) return null;
  return Math.max(0, Math.round((now().getTime() - new Date(time).getTime()) / 1000));
}

export async function mailFigures(database: Executor): Promise<MailFigures> {
  const [waiting] = await database
    .select({ waiting: count(), oldest: min(outbox.createdAt) })
    .from(outbox)
    .where(eq(outbox.status, "pending"));
  const [dead] = await database.select({ dead: count() }).from(outbox).where(eq(outbox.status, "dead"));
  const [sent] = await database.select({ lastSentAt: max(outbox.sentAt) }).from(outbox).where(eq(outbox.status, "sent"));
  return {
    waiting: Number(waiting.waiting),
    oldestWaitingSeconds: secondsSince(waiting.oldest),
    dead: Number(dead.dead),
    lastSentAt: sent.lastSentAt ? new Date(sent.lastSentAt) : null,
  };
}

export async function jobFigures(database: Executor): Promise<JobFigures> {
  const [waiting] = await database.select({ waiting: count() }).from(jobs).where(eq(jobs.status, "pending"));
  const [due] = await database
    .select({ oldest: min(jobs.runAfter) })
    .from(jobs)
    .where(and(eq(jobs.status, "pending"), lte(jobs.runAfter, now())));
  const [dead] = await database.select({ dead: count() }).from(jobs).where(eq(jobs.status, "dead"));
  return { waiting: Number(waiting.waiting), oldestDueSeconds: secondsSince(due.oldest), dead: Number(dead.dead) };
}

type Journal = { entries: { when: number }[] };

/** The newest migration this release ships, from drizzle-kit's journal. */
function newestShippedMigration(): number {
  const journal = JSON.parse(readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")) as Journal;
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

/**
 * Whether the database holds every migration this release ships. A database ahead of the code is
 * current too: during a rolling upgrade the old release runs against the new schema (see
 * "Upgrading" in the README).
 */
export async function migrationFigures(database: Executor): Promise<MigrationFigures> {
  // Note: drizzle's migrator records each migration in drizzle.__drizzle_migrations, with the
  // journal's "when" as created_at.
  const result = await database.execute<{ newest: string | number | null }>(sql`select max(created_at) as newest from drizzle.__drizzle_migrations`);
  const rows = rowsOf<{ newest: string | number | null }>(result);
  const applied = Number(rows[0]?.newest ?? 0);
  const expected = newestShippedMigration();
  return { applied, expected, current: applied >= expected };
}
