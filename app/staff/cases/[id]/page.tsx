import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountState } from "@/components/account-state";
import { CaseDue, CasePriorityBadge } from "@/components/case-due";
import { CaseStatus } from "@/components/case-status";
import { CategoryName } from "@/components/case-category";
import { LinkedText } from "@/components/linked-text";
import { StaffNav } from "@/components/staff-nav";
import { displayName } from "@/lib/auth/current-customer";
import { now } from "@/lib/clock";
import { listStaff } from "@/lib/customers/customers";
import { caseStatuses, caseStatusKeys, type CaseStatus as Status } from "@/lib/db/schema";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { staffCase } from "@/lib/support/case-queue";
import { casePriorities } from "@/lib/support/response-targets";
import { staffWorkAction } from "./actions";
import { CaseWorkForm } from "./case-work-form";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.case"))("title"));
}

type StaffCasePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = { replied: "replied", noted: "noted", saved: "saved", fromMessage: "fromMessage" } as const;

type Person = { id: string | null; username: string | null; name: string | null } | null;

export default async function StaffCasePage({ params, searchParams }: StaffCasePageProps) {
  const { id } = await params;
  const staff = await requireStaffPage("agent", `/staff/cases/${encodeURIComponent(id)}`);
  const found = await staffCase(id);
  if (!found) notFound();
  const { supportCase, customer, assignee, history, otherCases, fromMessages } = found;
  const t = await getTranslations("staff.case");
  const statusWords = await getTranslations("staff.status");
  const priorityWords = await getTranslations("staff.priority");
  const format = await getFormatter();
  const query = await searchParams;
  const done = typeof query.done === "string" && query.done in notices ? notices[query.done as keyof typeof notices] : null;
  const team = await listStaff();
  const time = now();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const status = (value: Status | null) => (value ? statusWords(caseStatusKeys[value]) : "");
  const nameOf = (person: Person) => (person?.username ? displayName({ name: person.name, username: person.username }) : t("someoneRemoved"));
  const customerName = displayName(customer);

  return (
    <div>
      <StaffNav staff={staff} current="cases" />
      <article aria-labelledby="case-heading" className="space-y-6">
        <p className="text-sm">
          <Link href="/staff/cases">{t("backToQueue")}</Link> · <Link href={`/staff/knowledge-base/new?fromCase=${supportCase.id}`}>{t("startArticle")}</Link>
        </p>
        {done && (
          <p role="status" className="rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
            {t(`done.${done}`)}
          </p>
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
            <span>{t("opened", { when: when(supportCase.createdAt), age: format.relativeTime(supportCase.createdAt, time) })}</span>
            <span>{assignee ? t("assignedTo", { name: nameOf(assignee) }) : t("unassigned")}</span>
          </p>
          {supportCase.customerWaitingSince && supportCase.status !== "closed" && (
            <p className="font-semibold">{t("customerWaiting", { since: format.relativeTime(supportCase.customerWaitingSince, time) })}</p>
          )}
          {fromMessages.map((messageId) => (
            <p key={messageId}>
              {t.rich("fromContactMessage", { reference: messageId, link: (chunks) => <Link href={`/staff/contact/${messageId}`}>{chunks}</Link> })}
            </p>
          ))}
        </header>

        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <div className="space-y-6">
            <section aria-labelledby="conversation-heading" className="card space-y-4">
              <h2 id="conversation-heading" className="text-xl font-semibold">
                {t("conversation")}
              </h2>
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
                        <span className="font-semibold text-slate-900">{heading}</span> · {t("eventTime", { time: when(event.at) })}
                        {event.internal && <span className="ml-2 rounded bg-amber-200 px-1.5 text-xs font-semibold text-amber-900">{t("internal")}</span>}
                      </p>
                      {event.kind === "created" && <LinkedText text={supportCase.description} className="mt-1" />}
                      {event.text && <LinkedText text={event.text} className="mt-1" />}
                    </li>
                  );
                })}
              </ol>
            </section>

            <section aria-labelledby="work-heading" className="card space-y-3">
              <h2 id="work-heading" className="text-xl font-semibold">
                {t("work.heading")}
              </h2>
              <CaseWorkForm
                action={staffWorkAction}
                caseId={supportCase.id}
                seenEventId={history.reduce((latest, { event }) => Math.max(latest, event.id), 0)}
                current={{ status: supportCase.status, priority: supportCase.priority, agent: supportCase.assignedTo ?? "" }}
                statuses={caseStatuses.map((value) => ({ value, label: status(value) }))}
                priorities={casePriorities.map((value) => ({ value, label: priorityWords(value) }))}
                agents={[
                  { value: "", label: t("nobody") },
                  ...team.map((member) => ({ value: member.id, label: member.id === staff.id ? t("me", { name: displayName(member) }) : displayName(member) })),
                ]}
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
            </section>
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
              </dl>
              <p>
                <Link href={`/staff/customers/${customer.id}`}>{t("manageCustomer")}</Link>
              </p>
            </section>
            <section aria-labelledby="other-cases-heading" className="card space-y-2">
              <h2 id="other-cases-heading" className="text-xl font-semibold">
                {t("otherCases")}
              </h2>
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
            </section>
          </aside>
        </div>
      </article>
    </div>
  );
}
