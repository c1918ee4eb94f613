import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/notice";
import { StaffActionButton } from "@/components/staff-action-button";
import { StaffPage } from "@/components/staff-page";
import { CardSection } from "@/components/card-section";
import { formatPhoneNumber } from "@/lib/account/phone";
import { displayName } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { findCustomerById } from "@/lib/customers/lookup";
import { countryName } from "@/lib/i18n/country-name";
import { hasRole, requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { pageNotice } from "@/lib/staff/page-notice";
import { caseCategories } from "@/lib/support/cases";
import { casePriorities } from "@/lib/support/response-targets";
import { resendConfirmationAction } from "./actions";
import { AdminActions } from "./admin-actions";
import { CustomerDetails } from "./customer-details";
import { CustomerHistory } from "./customer-history";
import { ChangeEmailForm, CorrectDetailsForm, OpenCaseForm } from "./customer-work-forms";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.customer"))("title"));
}

type CustomerPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Why an action on this page was refused (lib/staff/customer-care.ts), and its words' keys; what
// one did is any notice the catalog has words for under staff.customer.done.
const refusals = { protected: "protected", not_needed: "notNeeded", too_soon: "tooSoon" } as const;

/**
 * One customer's state, recent security events and cases. Agents read it and do the everyday work
 * for the customer — open a case, resend the confirmation mail, correct name and phone (issue 27);
 * admins also get the CLI's powers and change the email address. Every action checks its role
 * itself (S34).
 */
async function CustomerPage({ params, searchParams }: CustomerPageProps) {
  const { id } = await params;
  const staff = await requireStaffPage("agent", `/staff/customers/${encodeURIComponent(id)}`);
  const isAdmin = hasRole(staff, "admin");
  const customer = await findCustomerById(id);
  if (!customer) notFound();
  const t = await getTranslations("staff.customer");
  const query = await searchParams;
  const done = pageNotice(query.done, (key) => t.has(`done.${key}`));
  const refused = pageNotice(query.refused, refusals);
  const categoryWords = await getTranslations("cases.categories");
  const priorityWords = await getTranslations("staff.priority");
  const phoneHint = (await getTranslations("account"))("phoneHint", { country: await countryName(config().phoneDefaultCountry) });

  return (
    <StaffPage
      staff={staff}
      current="customers"
      headingId="customer-heading"
      heading={t("heading", { name: displayName(customer), username: customer.username })}
      back={<Link href="/staff/customers">{t("backToCustomers")}</Link>}
      notices={
        <>
          {done && <Notice tone="success">{t(`done.${done}`, { email: customer.email })}</Notice>}
          {refused && <Notice tone="danger">{t(`refused.${refused}`)}</Notice>}
        </>
      }
    >
      <CustomerDetails customer={customer} />

      <CardSection headingId="work-heading" heading={t("work")} gap={5}>
        {customer.emailVerified === null && !customer.disabled && (
          <StaffActionButton
            id="resend-confirmation-form"
            action={resendConfirmationAction}
            fields={{ customer: customer.id }}
            intro={t("resendConfirmationIntro", { email: customer.email })}
            label={t("resendConfirmation")}
          />
        )}
        <CardSection headingId="correct-details-heading" heading={t("correctDetails")} kind="part">
          <CorrectDetailsForm
            customerId={customer.id}
            name={customer.name ?? ""}
            phone={customer.phone ? formatPhoneNumber(customer.phone) : ""}
            words={{ name: t("name"), phone: t("phone"), phoneHint, saveDetails: t("saveDetails") }}
          />
        </CardSection>
        {isAdmin && customer.role !== "admin" && (
          <CardSection headingId="change-email-heading" heading={t("changeEmailHeading")} kind="part">
            <p>{t("changeEmailIntro", { email: customer.email })}</p>
            <ChangeEmailForm customerId={customer.id} words={{ newEmail: t("newEmail"), newEmailHint: t("newEmailHint"), changeEmail: t("changeEmail") }} />
          </CardSection>
        )}
        <CardSection headingId="open-case-heading" heading={t("openCaseHeading")} kind="part">
          <p>{t("openCaseIntro")}</p>
          <OpenCaseForm
            customerId={customer.id}
            categories={caseCategories.map((value) => ({ value, label: categoryWords(value) }))}
            priorities={casePriorities.map((value) => ({ value, label: priorityWords(value) }))}
            words={{
              caseSubject: t("caseSubject"),
              caseCategory: t("caseCategory"),
              chooseCategory: t("chooseCategory"),
              caseDescription: t("caseDescription"),
              caseDescriptionHint: t("caseDescriptionHint"),
              casePriority: t("casePriority"),
              choosePriority: t("choosePriority"),
              openCase: t("openCase"),
            }}
          />
        </CardSection>
      </CardSection>

      {isAdmin && <AdminActions customer={customer} admin={staff} />}

      <CustomerHistory customerId={customer.id} />
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(CustomerPage);
