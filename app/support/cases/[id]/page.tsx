import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CaseStatus } from "@/components/case-status";
import { CategoryName } from "@/components/case-category";
import { CaseAttachments } from "@/components/case-attachments";
import { attachmentWords } from "@/components/attachment-words";
import { keptFiles } from "@/components/kept-file-boxes";
import { LinkedText } from "@/components/linked-text";
import { requireCustomer } from "@/lib/auth/current-customer";
import { takeDraft } from "@/lib/support/kept-drafts";
import { caseStatusKeys } from "@/lib/db/schema";
import { attachmentLimits, listCaseAttachments } from "@/lib/support/attachments/attachments";
import { findCase, type CustomerCaseEvent } from "@/lib/support/cases";
import { Notice } from "@/components/notice";
import { closeCaseAction } from "./actions";
import { CaseReplyForm } from "./case-reply-form";
import { readerTimes } from "@/i18n/reader-times";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cases"))("caseTitle") };
}

type CasePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = { created: "createdNotice", replied: "repliedNotice", closed: "closedByYouNotice", held: "scanPendingNotice" } as const;

async function CasePage({ params, searchParams }: CasePageProps) {
  const { id } = await params;
  const { customer } = await requireCustomer(`/support/cases/${encodeURIComponent(id)}`);
  // Another customer's case is "not found", the same as one that does not exist.
  const found = await findCase(customer.id, id);
  if (!found) notFound();
  const t = await getTranslations("cases");
  const times = await readerTimes();
  const query = await searchParams;
  const notice = (Object.keys(notices) as Array<keyof typeof notices>).find((key) => query[key] === "1");
  const closed = found.status === "closed";
  // Issue 26: what this customer typed here before their session ended, offered once (D1–D4).
  const kept = closed ? null : await takeDraft(customer.id, { kind: "reply", caseId: found.id });
  const restoredText = kept?.kind === "reply" ? kept.text : undefined;
  const limits = attachmentLimits();
  const files = await listCaseAttachments(found.id, { includeInternal: false });
  const fileWords = { openImage: t("openImage", { name: "{name}" }), download: t("download", { name: "{name}", size: "{size}" }) };
  // Files that came with the case itself have no history entry of their own.
  const filesOf = (eventId: number | null) => files.filter((file) => file.eventId === eventId);

  /** What an entry of the history says, in the reader's words. */
  const describe = (event: CustomerCaseEvent) => {
    switch (event.kind) {
      case "created":
        return t("events.created");
      case "reply":
        return t(event.byStaff ? "events.replyFromSupport" : "events.replyFromYou");
      case "status":
        if (event.toStatus === "closed" && !event.byStaff) return t("events.closedByYou");
        return t("events.status", { status: event.toStatus ? t(`status.${caseStatusKeys[event.toStatus]}`) : "" });
      default:
        return null;
    }
  };

  return (
    <article aria-labelledby="case-heading" className="card space-y-5">
      <p className="text-sm">
        <Link href="/support/cases">{t("myCases")}</Link>
      </p>
      {notice && (
        <Notice tone="success">
          {t(notices[notice])}
        </Notice>
      )}
      <h1 id="case-heading" className="text-2xl font-bold">
        {t("caseLink", { number: found.id, subject: found.subject })}
      </h1>
      <p>
        <CaseStatus status={found.status} />{" "}
        <span className="ml-2 text-slate-700">
          <CategoryName category={found.category} />
        </span>
      </p>
      {found.status === "waiting for you" && <p className="rounded-md border-l-4 border-danger-700 bg-danger-100 px-4 py-3 font-semibold text-danger-700">{t("waitingForYouNotice")}</p>}
      <LinkedText text={found.description} />
      <CaseAttachments files={filesOf(null)} words={fileWords} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-xl font-semibold">
          {t("history")}
        </h2>
        <ol className="space-y-3">
          {found.history.map((event) => (
            <li key={event.id} className={`border-l-4 pl-3 ${event.kind === "reply" && event.byStaff ? "border-brand-600" : "border-slate-300"}`}>
              <p className="text-sm text-slate-600">
                <time dateTime={event.at.toISOString()}>{t("eventTime", { time: times.time(event.at) })}</time>
              </p>
              <p className={event.kind === "reply" ? "font-semibold" : undefined}>{describe(event)}</p>
              {event.kind === "reply" && event.text && <LinkedText text={event.text} />}
              {event.kind === "reply" && <CaseAttachments files={filesOf(event.id)} words={fileWords} />}
            </li>
          ))}
        </ol>
      </section>
      {closed ? (
        <p>{t.rich("closedHelp", { create: (chunks) => <Link href="/support/cases/new">{chunks}</Link> })}</p>
      ) : (
        <>
          <section aria-labelledby="reply-heading" className="border-t border-slate-200 pt-5">
            <h2 id="reply-heading" className="mb-3 text-xl font-semibold">
              {t("replyHeading")}
            </h2>
            {restoredText !== undefined && (
              <Notice tone="info" className="mb-4">
                {t(kept?.files?.length ? "restoredReplyWithFiles" : "restoredReply")}
                {kept?.filesDropped && ` ${t("keptFilesDropped")}`}
              </Notice>
            )}
            <CaseReplyForm
              caseId={found.id}
              files={{ words: attachmentWords(t, limits, await getLocale()), maxFiles: limits.maxFiles }}
              restoredText={restoredText}
              restoredFiles={keptFiles(t("keptFiles"), kept?.files)}
            />
          </section>
          <section aria-labelledby="close-heading" className="border-t border-slate-200 pt-5">
            <h2 id="close-heading" className="mb-2 text-xl font-semibold">
              {t("closeHeading")}
            </h2>
            <p className="mb-3">{t("closeIntro")}</p>
            <form id="close-case-form" action={closeCaseAction}>
              <input type="hidden" name="case" value={found.id} />
              <button type="submit" className="button-secondary">
                {t("closeButton")}
              </button>
            </form>
          </section>
        </>
      )}
    </article>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(CasePage);
