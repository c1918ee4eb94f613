import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountState } from "@/components/account-state";
import { attachmentWords } from "@/components/attachment-words";
import { CaseAttachments } from "@/components/case-attachments";
import { CaseDue, CasePriorityBadge } from "@/components/case-due";
import { CaseStatus } from "@/components/case-status";
import { CategoryName } from "@/components/case-category";
import { LinkedText } from "@/components/linked-text";
import { StaffNav } from "@/components/staff-nav";
import { pageNotice } from "@/lib/staff/page-notice";
import { TimeAgo } from "@/components/times";
import { displayName } from "@/lib/auth/current-customer";
import { now } from "@/lib/clock";
import { listStaff } from "@/lib/customers/lookup";
import { readerTimes, timesFor } from "@/i18n/reader-times";
import { mailTimeZone } from "@/lib/i18n/time-zone";
import { caseStatuses, caseStatusKeys, type CaseStatus as Status } from "@/lib/db/schema";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { attachmentLimits, listCaseAttachments } from "@/lib/support/attachments/attachments";
import { staffCase } from "@/lib/support/case-queue";
import { casePriorities } from "@/lib/support/response-targets";
import { DEFAULT_LOCALE, translatorFor } from "@/lib/i18n/locales";
import { cannedReplyNumber, fillCannedReply, listCannedReplies } from "@/lib/support/canned-replies";
import { Notice } from "@/components/notice";
import { CardSection } from "@/components/card-section";
import { staffWorkAction } from "./actions";
import { CannedReplyPicker, type CannedReplyGroup } from "./canned-reply-picker";
import { CaseWorkForm } from "./case-work-form";
import { takeDraft } from "@/lib/support/kept-drafts";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.case"))("title"));
}

type StaffCasePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = { replied: "replied", noted: "noted", saved: "saved", fromMessage: "fromMessage", openedForCustomer: "openedForCustomer" } as const;

type Person = { id: string | null; username: string | null; name: string | null } | null;

async function StaffCasePage({ params, searchParams }: StaffCasePageProps) {
  const { id } = await params;
  const staff = await requireStaffPage("agent", `/staff/cases/${encodeURIComponent(id)}`);
  const found = await staffCase(id);
  if (!found) notFound();
  const { supportCase, customer, assignee, history, otherCases, fromMessages } = found;
  const t = await getTranslations("staff.case");
  const statusWords = await getTranslations("staff.status");
  const priorityWords = await getTranslations("staff.priority");
  const query = await searchParams;
  const done = pageNotice(query.done, notices);
  const team = await listStaff();
  const time = now();
  // Issue 26: times in the agent's own zone, and the customer's zone beside it.
  const times = await readerTimes();
  const customerZone = customer.timeZone ?? customer.browserTimeZone;
  const customerTimes = timesFor({ locale: times.reader.locale, timeZone: mailTimeZone(customer) }, time);
  const status = (value: Status | null) => (value ? statusWords(caseStatusKeys[value]) : "");
  const nameOf = (person: Person) => (person?.username ? displayName({ name: person.name, username: person.username }) : t("someoneRemoved"));
  const customerName = displayName(customer);
  // Issue 26 on the staff side: every file of the case, those on internal notes too.
  const caseWords = await getTranslations("cases");
  const files = await listCaseAttachments(supportCase.id, { includeInternal: true });
  const fileWords = { openImage: caseWords("openImage", { name: "{name}" }), download: caseWords("download", { name: "{name}", size: "{size}" }) };
  const limits = attachmentLimits();
  // Issue 27: canned replies, filled in for this customer and case; the customer's language first.
  const customerLocale = customer.locale ?? DEFAULT_LOCALE;
  const canned = await listCannedReplies();
  const cannedGroups: CannedReplyGroup[] = [...new Set([customerLocale, ...canned.map((reply) => reply.locale)])]
    .map((lang) => ({
      lang,
      label: translatorFor(lang, "shell")("languageName"),
      replies: canned.filter((reply) => reply.locale === lang).map((reply) => ({ id: reply.id, title: reply.title, text: fillCannedReply(reply.body, { name: customerName, caseNumber: supportCase.id }) })),
    }))
    .filter((group) => group.replies.length > 0);
  const chosenTemplate = cannedReplyNumber(query.template);
  const initialText = cannedGroups.flatMap((group) => group.replies).find((reply) => reply.id === chosenTemplate)?.text;
  // Issue 26: what this agent typed here before their session ended, offered once (D1–D4).
  const kept = await takeDraft(staff.id, { kind: "staffWork", caseId: supportCase.id });
  const restored = kept?.kind === "staffWork" ? kept : null;
  const agents = [
    { value: "", label: t("nobody") },
    ...team.map((member) => ({ value: member.id, label: member.id === staff.id ? t("me", { name: displayName(member) }) : displayName(member) })),
    // Still the case's assignee though no longer on the team: shown as it is, so Save keeps it unless changed.
    ...(supportCase.assignedTo && !team.some((member) => member.id === supportCase.assignedTo) ? [{ value: supportCase.assignedTo, label: t("formerMember", { name: nameOf(assignee) }) }] : []),
  ];
  // A kept assignee who has left the team since is not chosen again (the form offers only these).
  const { agent: keptAgent, ...keptChoices } = restored?.choices ?? {};
  const restoredChoices = keptAgent !== undefined && agents.some((choice) => choice.value === keptAgent) ? { ...keptChoices, agent: keptAgent } : keptChoices;
  const choicesBack = Object.keys(restoredChoices).length > 0;

  return (
    <div>
      <StaffNav staff={staff} current="cases" />
      <article aria-labelledby="case-heading" className="space-y-6">
        <p className="text-sm">
          <Link href="/staff/cases">{t("backToQueue")}</Link> · <Link href={`/staff/knowledge-base/new?fromCase=${supportCase.id}`}>{t("startArticle")}</Link>
        </p>
        {done && (
          <Notice tone="success">
            {t(`done.${done}`)}
          </Notice>
        )}
        <header className="space-y-2">
          <h1 id="case-heading" className="text-2xl font-bold">
            {t("heading", { number: supportCase.id, subject: supportCase.subject })}
          </h1>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <CaseStatus status={supportCase.status} forStaff />
            <CasePriorityBadge priority={supportCase.priority} />
            {supportCase.dueAt && supportCase.status !== "closed" && <CaseDue dueAt={supportCase.dueAt} now={time} />}
            <CategoryName category={supportCase.category} />
            <span>
              {t.rich("opened", { when: times.time(supportCase.createdAt), time: (chunks) => <time dateTime={supportCase.createdAt.toISOString()}>{chunks}</time> })} (<TimeAgo date={supportCase.createdAt} times={times} />)
            </span>
            <span>{assignee ? t("assignedTo", { name: nameOf(assignee) }) : t("unassigned")}</span>
          </p>
          {supportCase.customerWaitingSince && supportCase.status !== "closed" && (
            <p className="font-semibold">{t.rich("customerWaiting", { since: times.relative(supportCase.customerWaitingSince), time: (chunks) => <time dateTime={supportCase.customerWaitingSince!.toISOString()} title={times.time(supportCase.customerWaitingSince!)}>{chunks}</time> })}</p>
          )}
          <p className="text-sm text-slate-700" data-testid="reader-zone">{t("yourTimeZone", { zone: `${times.reader.timeZone} (${times.zoneName()})` })}</p>
          {fromMessages.map((messageId) => (
            <p key={messageId}>
              {t.rich("fromContactMessage", { reference: messageId, link: (chunks) => <Link href={`/staff/contact/${messageId}`}>{chunks}</Link> })}
            </p>
          ))}
        </header>

        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <div className="space-y-6">
            <CardSection headingId="conversation-heading" heading={t("conversation")} gap={4}>
              <ol className="space-y-4">
                {history.map(({ event, author, assigned }) => {
                  const who = event.kind !== "created" && !event.byStaff ? customerName : nameOf(author);
                  let heading: string;
                  switch (event.kind) {
                    case "created":
                      heading = t("events.created", { name: customerName });
                      break;
                    case "reply":
                      heading = t(event.byStaff ? "events.replyToCustomer" : "events.replyFromCustomer", { name: who });
                      break;
                    case "note":
                      heading = t("events.note", { name: who });
                      break;
                    case "status":
                      heading = t("events.status", { name: who, from: status(event.fromStatus), to: status(event.toStatus) });
                      break;
                    case "assignment":
                      heading = event.assignedTo ? t("events.assigned", { name: who, agent: nameOf(assigned) }) : t("events.unassigned", { name: who });
                      break;
                    case "priority":
                      heading = t("events.priority", {
                        name: who,
                        from: event.fromPriority ? priorityWords(event.fromPriority) : "",
                        to: event.toPriority ? priorityWords(event.toPriority) : "",
                      });
                      break;
                  }
                  const tone = event.internal
                    ? "border-amber-500 bg-amber-50"
                    : event.kind === "reply" && event.byStaff
                      ? "border-brand-600"
                      : event.kind === "reply" || event.kind === "created"
                        ? "border-slate-500"
                        : "border-slate-200";
                  return (
                    <li key={event.id} className={`border-l-4 py-1 pl-3 ${tone}`}>
                      <p className="text-sm text-slate-700">
                        <span className="font-semibold text-slate-900">{heading}</span> · <time dateTime={event.at.toISOString()}>{t("eventTime", { time: times.time(event.at) })}</time>
                        {event.internal && <span className="ml-2 rounded bg-amber-200 px-1.5 text-xs font-semibold text-amber-900">{t("internal")}</span>}
                      </p>
                      {event.kind === "created" && <LinkedText text={supportCase.description} className="mt-1" />}
                      {event.text && <LinkedText text={event.text} className="mt-1" />}
                      {(event.kind === "created" || event.kind === "reply" || event.kind === "note") && (
                        <CaseAttachments files={files.filter((file) => file.eventId === (event.kind === "created" ? null : event.id))} words={fileWords} />
                      )}
                    </li>
                  );
                })}
              </ol>
            </CardSection>

            <CardSection headingId="work-heading" heading={t("work.heading")}>
              {cannedGroups.length > 0 ? (
                <CannedReplyPicker
                  caseId={supportCase.id}
                  groups={cannedGroups}
                  words={{ label: t("canned.label"), choose: t("canned.choose"), insert: t("canned.insert"), hint: t("canned.hint") }}
                />
              ) : (
                <p className="text-sm text-slate-600">{t("canned.none")}</p>
              )}
              {restored && (restored.text.trim() || choicesBack) && (
                <Notice tone="info">
                  {restored.text.trim() ? t("work.restored") : t("work.restoredChanges")}
                  {restored.text.trim() && choicesBack && ` ${t("work.restoredChoices")}`}
                  {restored.filesDropped && ` ${t("work.restoredFilesDropped")}`}
                </Notice>
              )}
              <CaseWorkForm
                initialText={restored?.text ?? initialText}
                initialKind={restored?.note ? "note" : "reply"}
                initialChoices={restoredChoices}
                files={{ words: attachmentWords(caseWords, limits, await getLocale()), maxFiles: limits.maxFiles }}
                action={staffWorkAction}
                caseId={supportCase.id}
                // A restored draft keeps what its page had shown, so Save warns of what came in since.
                seenEventId={restored?.seen ?? history.reduce((latest, { event }) => Math.max(latest, event.id), 0)}
                current={{ status: supportCase.status, priority: supportCase.priority, agent: supportCase.assignedTo ?? "" }}
                statuses={caseStatuses.map((value) => ({ value, label: status(value) }))}
                priorities={casePriorities.map((value) => ({ value, label: priorityWords(value) }))}
                agents={agents}
                words={{
                  kindLegend: t("work.kindLegend"),
                  reply: t("work.reply"),
                  note: t("work.note"),
                  textLabel: t("work.textLabel"),
                  replyHint: t("work.hint"),
                  status: t("statusHeading"),
                  priority: priorityWords("label"),
                  agent: t("assignHeading"),
                  submit: t("work.submit"),
                }}
              />
            </CardSection>
          </div>

          <aside aria-labelledby="customer-heading" className="space-y-6">
            <section className="card space-y-2">
              <h2 id="customer-heading" className="text-xl font-semibold">
                {t("customerHeading")}
              </h2>
              <dl className="space-y-1">
                <dt className="font-semibold">{t("customerName")}</dt>
                <dd>{customerName}</dd>
                <dt className="font-semibold">{t("customerUsername")}</dt>
                <dd className="break-all">{customer.username}</dd>
                <dt className="font-semibold">{t("customerEmail")}</dt>
                <dd className="break-all">
                  <a href={`mailto:${customer.email}`}>{customer.email}</a>
                </dd>
                <dt className="font-semibold">{t("customerState")}</dt>
                <dd>
                  <AccountState customer={customer} />
                </dd>
                <dt className="font-semibold">{t("customerTimeZone")}</dt>
                <dd data-testid="customer-zone">
                  {t("customerLocalTime", {
                    zone: customerZone ?? t("zoneFromPortal", { zone: customerTimes.reader.timeZone }),
                    time: customerTimes.time(time),
                  })}
                </dd>
              </dl>
              <p>
                <Link href={`/staff/customers/${customer.id}`}>{t("manageCustomer")}</Link>
              </p>
            </section>
            <CardSection headingId="other-cases-heading" heading={t("otherCases")} gap={2}>
              {otherCases.length === 0 ? (
                <p>{t("noOtherCases")}</p>
              ) : (
                <ul className="space-y-2">
                  {otherCases.map((other) => (
                    <li key={other.id}>
                      <Link href={`/staff/cases/${other.id}`}>{t("heading", { number: other.id, subject: other.subject })}</Link>{" "}
                      <CaseStatus status={other.status} forStaff />
                    </li>
                  ))}
                </ul>
              )}
            </CardSection>
          </aside>
        </div>
      </article>
    </div>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(StaffCasePage);
