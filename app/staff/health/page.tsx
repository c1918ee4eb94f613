import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { StaffNav } from "@/components/staff-nav";
import { deadJobsForStaff, deadMailForStaff } from "@/lib/operations/dead-work";
import { readiness } from "@/lib/operations/readiness";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { Notice } from "@/components/notice";
import { retryDeadJobAction, retryDeadMailAction } from "./actions";
import { readerTimes } from "@/lib/i18n/reader-times";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("admin", async () => (await getTranslations("staff.health"))("title"));
}

type HealthPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Admins only (issue 29): what /api/health/ready reports, and the mail and jobs that died, with
 * "Try again" — the operator's CLI commands, in the browser. No address appears here (S52).
 */
export default async function HealthPage({ searchParams }: HealthPageProps) {
  const admin = await requireStaffPage("admin", "/staff/health");
  const query = await searchParams;
  const done = query.done === "mail" || query.done === "job" ? query.done : null;
  const doneId = typeof query.id === "string" && /^\d{1,16}$/.test(query.id) ? query.id : "";
  const gone = query.refused === "gone";
  const t = await getTranslations("staff.health");
  const times = await readerTimes();
  const when = (date: Date) => times.time(date);
  const [report, deadMail, deadJobs] = await Promise.all([readiness(), deadMailForStaff(), deadJobsForStaff()]);
  const seconds = (value: number | null | undefined) => (value === null || value === undefined ? t("none") : t("seconds", { seconds: value }));

  return (
    <div>
      <StaffNav staff={admin} current="health" />
      <article aria-labelledby="health-heading" className="space-y-6">
        <h1 id="health-heading" className="text-2xl font-bold">
          {t("title")}
        </h1>
        {done && (
          <Notice tone="success">
            {done === "mail" ? t("doneMail", { id: doneId }) : t("doneJob", { id: doneId })}
          </Notice>
        )}
        {gone && (
          <Notice tone="danger">
            {t("gone")}
          </Notice>
        )}

        <section aria-labelledby="status-heading" className="card space-y-3">
          <h2 id="status-heading" className="text-xl font-semibold">
            {t("status")}
          </h2>
          {report.status === "ok" ? (
            <p id="health-status">{t("statusOk")}</p>
          ) : (
            <div id="health-status">
              <p className="font-semibold text-danger-700">{t("statusProblems")}</p>
              <ul className="list-disc pl-6">
                {report.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="font-semibold">{t("release")}</dt>
            <dd>
              {t("version", { version: report.version })} · {report.commit ? t("commit", { commit: report.commit.slice(0, 12) }) : t("commitUnknown")}
            </dd>
            <dt className="font-semibold">{t("database")}</dt>
            <dd>
              {report.database.reachable
                ? `${t("databaseKind", { kind: report.database.kind })} · ${report.database.migrations.current ? t("migrationsCurrent") : t("migrationsBehind")}`
                : t("databaseDown")}
            </dd>
          </dl>
        </section>

        {report.mail && report.jobs && (
          <div className="grid gap-6 md:grid-cols-2">
            <section aria-labelledby="mail-heading" className="card space-y-3">
              <h2 id="mail-heading" className="text-xl font-semibold">
                {t("mailHeading")}
              </h2>
              <dl id="mail-figures" className="grid gap-x-6 gap-y-1 grid-cols-[auto_1fr]">
                <dt className="font-semibold">{t("mailWaiting")}</dt>
                <dd>{report.mail.waiting}</dd>
                <dt className="font-semibold">{t("mailOldest")}</dt>
                <dd>{seconds(report.mail.oldestWaitingSeconds)}</dd>
                <dt className="font-semibold">{t("mailDead")}</dt>
                <dd>{report.mail.dead}</dd>
                <dt className="font-semibold">{t("lastSent")}</dt>
                <dd>{report.mail.lastSentAt ? when(report.mail.lastSentAt) : t("never")}</dd>
              </dl>
            </section>
            <section aria-labelledby="jobs-heading" className="card space-y-3">
              <h2 id="jobs-heading" className="text-xl font-semibold">
                {t("jobsHeading")}
              </h2>
              <dl id="job-figures" className="grid gap-x-6 gap-y-1 grid-cols-[auto_1fr]">
                <dt className="font-semibold">{t("jobsWaiting")}</dt>
                <dd>{report.jobs.waiting}</dd>
                <dt className="font-semibold">{t("jobsOldest")}</dt>
                <dd>{seconds(report.jobs.oldestDueSeconds)}</dd>
                <dt className="font-semibold">{t("jobsDead")}</dt>
                <dd>{report.jobs.dead}</dd>
              </dl>
            </section>
          </div>
        )}

        <section aria-labelledby="dead-mail-heading" className="card space-y-3">
          <h2 id="dead-mail-heading" className="text-xl font-semibold">
            {t("deadMailHeading")}
          </h2>
          {deadMail.length === 0 ? (
            <p>{t("deadMailEmpty")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr>
                    <th scope="col">{t("id")}</th>
                    <th scope="col">{t("template")}</th>
                    <th scope="col">{t("attempts")}</th>
                    <th scope="col">{t("lastError")}</th>
                    <th scope="col">{t("created")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("retry")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {deadMail.map((message) => (
                    <tr key={message.id}>
                      <td>{message.id}</td>
                      <td>{message.template}</td>
                      <td>{message.attempts}</td>
                      <td className="break-all">{message.lastError}</td>
                      <td>{when(message.createdAt)}</td>
                      <td>
                        <form action={retryDeadMailAction}>
                          <input type="hidden" name="id" value={message.id} />
                          <button type="submit" className="button-secondary" aria-label={t("retryMailLabel", { id: message.id })}>
                            {t("retry")}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section aria-labelledby="dead-jobs-heading" className="card space-y-3">
          <h2 id="dead-jobs-heading" className="text-xl font-semibold">
            {t("deadJobsHeading")}
          </h2>
          {deadJobs.length === 0 ? (
            <p>{t("deadJobsEmpty")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr>
                    <th scope="col">{t("id")}</th>
                    <th scope="col">{t("kind")}</th>
                    <th scope="col">{t("attempts")}</th>
                    <th scope="col">{t("lastError")}</th>
                    <th scope="col">{t("created")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("retry")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {deadJobs.map((job) => (
                    <tr key={job.id}>
                      <td>{job.id}</td>
                      <td>{job.kind}</td>
                      <td>{job.attempts}</td>
                      <td className="break-all">{job.lastError}</td>
                      <td>{when(job.createdAt)}</td>
                      <td>
                        <form action={retryDeadJobAction}>
                          <input type="hidden" name="id" value={job.id} />
                          <button type="submit" className="button-secondary" aria-label={t("retryJobLabel", { id: job.id })}>
                            {t("retry")}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </article>
    </div>
  );
}
