import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AccountState } from "@/components/account-state";
import { Pagination } from "@/components/pagination";
import { StaffFilters } from "@/components/staff-filters";
import { StaffPage } from "@/components/staff-page";
import { displayName } from "@/lib/auth/current-customer";
import { searchCustomers } from "@/lib/customers/lookup";
import { searchTerm } from "@/lib/db/like";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.customers"))("title"));
}

type CustomersPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function customersHref(search: string, page: number): string {
  const query = new URLSearchParams();
  if (search) query.set("q", search);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/staff/customers?${text}` : "/staff/customers";
}

/** Find a customer by username, email address or name (issue 27: agents too, to read; admins act on the customer page). */
async function CustomersPage({ searchParams }: CustomersPageProps) {
  const staff = await requireStaffPage("agent", "/staff/customers");
  const query = await searchParams;
  const search = searchTerm(query.q);
  const pageNumber = typeof query.page === "string" && /^\d{1,4}$/.test(query.page) && Number(query.page) >= 1 ? Number(query.page) : 1;
  const t = await getTranslations("staff.customers");
  const roleWords = await getTranslations("staff.roles");
  const { customers, more } = await searchCustomers(search, pageNumber);
  return (
    <StaffPage staff={staff} current="customers" headingId="customers-heading" heading={t("title")} landmark="section">
      <StaffFilters id="customer-search" action="/staff/customers" search={{ id: "customers-search", label: t("search"), value: search, hint: t("searchHint") }} submit={t("find")} />
      {customers.length === 0 ? (
        <p className="card">{t("none")}</p>
      ) : (
        <ul className="space-y-3" aria-label={t("listLabel")}>
          {customers.map((customer) => (
            <li key={customer.id} className="card flex flex-wrap items-center justify-between gap-2 !p-4">
              <div>
                <Link href={`/staff/customers/${customer.id}`} className="font-semibold">
                  {t("customerLink", { name: displayName(customer), username: customer.username })}
                </Link>
                <p className="break-all text-sm text-slate-700">{customer.email}</p>
              </div>
              <span className="flex flex-wrap items-center gap-2 text-sm">
                {customer.role !== "customer" && <span className="rounded-full bg-brand-100 px-2 py-0.5 font-semibold text-brand-900">{roleWords(customer.role)}</span>}
                <AccountState customer={customer} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={pageNumber} more={more} href={(page) => customersHref(search, page)} />
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(CustomersPage);
