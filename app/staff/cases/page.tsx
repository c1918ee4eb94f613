import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { CaseDue, CasePriorityBadge } from "@/components/case-due";
import { CaseStatus } from "@/components/case-status";
import { CategoryName } from "@/components/case-category";
import { Pagination } from "@/components/pagination";
import { StaffFilterChoice } from "@/components/staff-filters";
import { StaffCardList } from "@/components/staff-card-list";
import { StaffPage } from "@/components/staff-page";
import { displayName } from "@/lib/auth/current-customer";
import { now } from "@/lib/clock";
import { readerTimes } from "@/i18n/reader-times";
import { caseStatuses, caseStatusKeys } from "@/lib/db/schema";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { caseQueue, queueFilters, queueOrders, queueViews, type QueueFilters } from "@/lib/support/case-queue";
import { caseCategories } from "@/lib/support/cases";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.queue"))("title"));
}

type QueuePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The queue's address with these filters (the page links keep them). */
function queueHref(filters: QueueFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.view) query.set("view", filters.view);
  if (filters.sort !== "activity") query.set("sort", filters.sort);
  if (filters.search) query.set("q", filters.search);
  if (filters.status !== "active") query.set("status", filters.status);
  if (filters.category) query.set("category", filters.category);
  if (filters.mine) query.set("mine", "1");
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/staff/cases?${text}` : "/staff/cases";
}

async function CaseQueuePage({ searchParams }: QueuePageProps) {
  const staff = await requireStaffPage("agent", "/staff/cases");
  const filters = queueFilters(await searchParams);
  const t = await getTranslations("staff.queue");
  const statusWords = await getTranslations("staff.status");
  const categoryWords = await getTranslations("cases.categories");
  // Issue 26: relative times keep the exact time, in the agent's zone, in their tooltip.
  const times = await readerTimes();
  const stamp = (date: Date) =>
    function ExactTimeTooltip(chunks: ReactNode) {
      return (
        <time dateTime={date.toISOString()} title={times.time(date)}>
          {chunks}
        </time>
      );
    };
  const time = now();
  const { cases, more } = await caseQueue(filters, staff.id);
  return (
    <StaffPage staff={staff} current="cases" headingId="queue-heading" heading={t("title")} landmark="section">
      <form id="case-filters" method="get" action="/staff/cases" className="card grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="queue-search" className="font-semibold">
            {t("search")}
          </label>
          <input id="queue-search" name="q" type="search" maxLength={200} defaultValue={filters.search} aria-describedby="queue-search-hint" className="text-input" />
          <p id="queue-search-hint" className="text-sm text-slate-600">
            {t("searchHint")}
          </p>
        </div>
        <StaffFilterChoice
          id="queue-status"
          name="status"
          label={t("status")}
          value={filters.status}
          options={[
            { value: "active", label: t("statusActive") },
            { value: "all", label: t("statusAll") },
            ...caseStatuses.map((status) => ({ value: status, label: statusWords(caseStatusKeys[status]) })),
          ]}
        />
        <StaffFilterChoice
          id="queue-category"
          name="category"
          label={t("category")}
          value={filters.category ?? ""}
          options={[{ value: "", label: t("categoryAll") }, ...caseCategories.map((category) => ({ value: category, label: categoryWords(category) }))]}
        />
        <StaffFilterChoice
          id="queue-view"
          name="view"
          label={t("view")}
          value={filters.view ?? ""}
          options={[{ value: "", label: t("viewAll") }, ...queueViews.map((view) => ({ value: view, label: t(`views.${view}`) }))]}
        />
        <StaffFilterChoice id="queue-sort" name="sort" label={t("sort")} value={filters.sort} options={queueOrders.map((order) => ({ value: order, label: t(`orders.${order}`) }))} />
        <div className="flex items-center gap-2">
          <input id="queue-mine" name="mine" type="checkbox" value="1" defaultChecked={filters.mine} className="size-5" />
          <label htmlFor="queue-mine">{t("mine")}</label>
        </div>
        <div className="flex items-end sm:col-span-2 lg:col-span-1 lg:justify-end">
          <button type="submit" className="button-primary">
            {t("filter")}
          </button>
        </div>
      </form>
      <StaffCardList
        label={t("listLabel")}
        empty={t("none")}
        items={cases.map((item) => ({
          key: item.id,
          href: `/staff/cases/${item.id}`,
          title: t("caseLink", { number: item.id, subject: item.subject }),
          marks: (
            <span className="flex flex-wrap items-center gap-2">
              <CasePriorityBadge priority={item.priority} />
              {item.dueAt && item.status !== "closed" && <CaseDue dueAt={item.dueAt} now={time} />}
              <CaseStatus status={item.status} forStaff />
            </span>
          ),
          details: (
            <>
              <p className="text-sm text-slate-700">
                {t("customer", { name: displayName(item.customer), email: item.customer.email })} · <CategoryName category={item.category} />
              </p>
              <p className="text-sm text-slate-700">
                {t.rich("ages", {
                  openedAgo: times.relative(item.createdAt),
                  opened: stamp(item.createdAt),
                  activityAgo: times.relative(item.lastActivityAt),
                  activity: stamp(item.lastActivityAt),
                })}{" "}
                · {item.assignee ? t("assignedTo", { name: displayName(item.assignee) }) : t("unassigned")}
              </p>
              {item.customerWaitingSince && item.status !== "closed" && (
                <p className="text-sm text-slate-700">{t.rich("customerWaiting", { since: times.relative(item.customerWaitingSince), time: stamp(item.customerWaitingSince) })}</p>
              )}
            </>
          ),
        }))}
      />
      <Pagination page={filters.page} more={more} href={(page) => queueHref(filters, page)} />
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(CaseQueuePage);
