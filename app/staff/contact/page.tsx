import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Pagination } from "@/components/pagination";
import { StaffFilterChoice, StaffFilters } from "@/components/staff-filters";
import { StaffCardList } from "@/components/staff-card-list";
import { StaffPage } from "@/components/staff-page";
import { searchTerm } from "@/lib/db/like";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { contactInbox, inboxFilter, type InboxFilter } from "@/lib/support/contact-inbox";
import { TimeAgo } from "@/components/times";
import { readerTimes } from "@/i18n/reader-times";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.inbox"))("title"));
}

type InboxPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const filters: InboxFilter[] = ["new", "handled", "all"];

function inboxHref(show: InboxFilter, search: string, page: number): string {
  const query = new URLSearchParams();
  if (show !== "new") query.set("show", show);
  if (search) query.set("q", search);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/staff/contact?${text}` : "/staff/contact";
}

/** How much of a message the list shows. */
const EXCERPT = 160;

async function ContactInboxPage({ searchParams }: InboxPageProps) {
  const staff = await requireStaffPage("agent", "/staff/contact");
  const query = await searchParams;
  const show = inboxFilter(query.show);
  const search = searchTerm(query.q);
  const pageNumber = typeof query.page === "string" && /^\d{1,4}$/.test(query.page) && Number(query.page) >= 1 ? Number(query.page) : 1;
  const t = await getTranslations("staff.inbox");
  const times = await readerTimes();
  const { messages, more } = await contactInbox(show, search, pageNumber);
  return (
    <StaffPage staff={staff} current="contact" headingId="inbox-heading" heading={t("title")} landmark="section">
      <StaffFilters id="inbox-filters" action="/staff/contact" search={{ id: "inbox-search", label: t("search"), value: search }} submit={t("filter")}>
        <StaffFilterChoice id="inbox-show" name="show" label={t("show")} value={show} options={filters.map((filter) => ({ value: filter, label: t(`filters.${filter}`) }))} />
      </StaffFilters>
      <StaffCardList
        label={t("listLabel")}
        empty={t("none")}
        items={messages.map((message) => ({
          key: message.id,
          href: `/staff/contact/${message.id}`,
          title: t("messageLink", { reference: message.id, name: message.name }),
          marks: (
            <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${message.handledAt ? "bg-slate-200 text-slate-800" : "bg-danger-100 text-danger-700"}`}>
              {message.handledAt ? t("handled") : t("new")}
            </span>
          ),
          details: (
            <>
              <p className="text-sm text-slate-700">
                {t("sender", { email: message.email, signedIn: message.signedIn ? "yes" : "no" })} · {<TimeAgo date={message.createdAt} times={times} />}
                {message.caseId !== null && <> · {t("becameCase", { number: message.caseId })}</>}
              </p>
              <p className="break-words text-slate-800">{message.message.length > EXCERPT ? `${message.message.slice(0, EXCERPT)}…` : message.message}</p>
            </>
          ),
        }))}
      />
      <Pagination page={pageNumber} more={more} href={(page) => inboxHref(show, search, page)} />
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(ContactInboxPage);
