import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { StaffActionButton } from "@/components/staff-action-button";
import { StaffPage } from "@/components/staff-page";
import { StaffTable } from "@/components/staff-table";
import { deadJobsForStaff, deadMailForStaff } from "@/lib/operations/dead-work";
import { readiness } from "@/lib/operations/readiness";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { Notice } from "@/components/notice";
import { CardSection } from "@/components/card-section";
import { retryDeadJobAction, retryDeadMailAction } from "./actions";
import { readerTimes } from "@/i18n/reader-times";
import { withPageNotFound } from "@/lib/http/page-not-found";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("admin", async () => (await getTranslations("staff.health"))("title"));
}

type HealthPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Admins only (issue 29): what /api/health/ready reports, and the mail and jobs that died, with
 * "Try again" — the operator's CLI commands, in the browser. No address appears here (S52).
 */
async function HealthPage({ searchParams }: HealthPageProps) {
  const admin = await requireStaffPage("admin", "/staff/health");
  const query = await searchParams;
  const done = query.done === "mail" || query.done === "job" ? query.done : null;
  const doneId = typeof query.id === "string" && /^\d{1,16}$/.test(query.id) ? query.id : "";
  const gone = query.refused === "gone";
  const t = await getTranslations("staff.health");
  const times = await readerTimes();
  const when = (date: Date) => times.time(date);
  const [report, deadMail, deadJobs] = await Promise.all([readiness(), deadMailForStaff(), deadJobsForStaff()]);
  // Dead mail and dead jobs: the same columns but the second (a mail's template, a job's kind).
  const columns = (what: string) => [{ label: t("id") }, { label: what }, { label: t("attempts") }, { label: t("lastError"), className: "break-all" }, { label: t("created") }, { label: t("retry"), hidden: true }];
  const seconds = (value: number | null | undefined) => (value === null || value === undefined ? t("none") : t("seconds", { seconds: value }));

  return (
    <StaffPage
      staff={admin}
      current="health"
      headingId="health-heading"
      heading={t("title")}
      notices={
        <>
          {done && <Notice tone="success">{done === "mail" ? t("doneMail", { id: doneId }) : t("doneJob", { id: doneId })}</Notice>}
          {gone && <Notice tone="danger">{t("gone")}</Notice>}
        </>
      }
    >
    <CardSection headingId="status-heading" heading={t("status")}>
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
    </CardSection>

    {report.mail && report.jobs && (
      <div className="grid gap-6 md:grid-cols-2">
        <CardSection headingId="mail-heading" heading={t("mailHeading")}>
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
        </CardSection>
        <CardSection headingId="jobs-heading" heading={t("jobsHeading")}>
          <dl id="job-figures" className="grid gap-x-6 gap-y-1 grid-cols-[auto_1fr]">
            <dt className="font-semibold">{t("jobsWaiting")}</dt>
            <dd>{report.jobs.waiting}</dd>
            <dt className="font-semibold">{t("jobsOldest")}</dt>
            <dd>{seconds(report.jobs.oldestDueSeconds)}</dd>
            <dt className="font-semibold">{t("jobsDead")}</dt>
            <dd>{report.jobs.dead}</dd>
          </dl>
        </CardSection>
      </div>
    )}

    <CardSection headingId="dead-mail-heading" heading={t("deadMailHeading")}>
      <StaffTable
        columns={columns(t("template"))}
        empty={t("deadMailEmpty")}
        rows={deadMail.map((message) => ({
          key: message.id,
          cells: [
            message.id,
            message.template,
            message.attempts,
            message.lastError,
            when(message.createdAt),
            <StaffActionButton key="retry" action={retryDeadMailAction} fields={{ id: String(message.id) }} label={t("retry")} accessibleLabel={t("retryMailLabel", { id: message.id })} />,
          ],
        }))}
      />
    </CardSection>

    <CardSection headingId="dead-jobs-heading" heading={t("deadJobsHeading")}>
      <StaffTable
        columns={columns(t("kind"))}
        empty={t("deadJobsEmpty")}
        rows={deadJobs.map((job) => ({
          key: job.id,
          cells: [
            job.id,
            job.kind,
            job.attempts,
            job.lastError,
            when(job.createdAt),
            <StaffActionButton key="retry" action={retryDeadJobAction} fields={{ id: String(job.id) }} label={t("retry")} accessibleLabel={t("retryJobLabel", { id: job.id })} />,
          ],
        }))}
      />
    </CardSection>
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(HealthPage);
