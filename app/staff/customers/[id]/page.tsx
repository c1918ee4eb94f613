import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountState } from "@/components/account-state";
import { CaseStatus } from "@/components/case-status";
import { StaffNav } from "@/components/staff-nav";
import { auditEvents, recentAuditEvents } from "@/lib/audit";
import { displayName } from "@/lib/auth/current-customer";
import { now } from "@/lib/clock";
import { findCustomerById } from "@/lib/customers/lookup";
import { hasRole, requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { formatPhoneNumber } from "@/lib/account/phone";
import { config } from "@/lib/config";
import { countryName } from "@/lib/i18n/country-name";
import { grantableRoles } from "@/lib/staff/customer-care";
import { caseCategories, listCases } from "@/lib/support/cases";
import { casePriorities } from "@/lib/support/response-targets";
import { readerTimes } from "@/lib/i18n/reader-times";
import { Notice } from "@/components/notice";
import {
  disableCustomerAction,
  resendConfirmationAction,
  resetTwoStepAction,
  sendResetLinkAction,
  setRoleAction,
  unlockCustomerAction,
} from "./actions";
import { ChangeEmailForm, CorrectDetailsForm, OpenCaseForm } from "./customer-work-forms";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () =>
    (await getTranslations("staff.customer"))("title"),
  );
}

type CustomerPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const notices = {
  unlocked: "unlocked",
  disabled: "disabled",
  enabled: "enabled",
  resetSent: "resetSent",
  role: "role",
  twoStepReset: "twoStepReset",
  confirmationSent: "confirmationSent",
  detailsCorrected: "detailsCorrected",
  emailChangeStarted: "emailChangeStarted",
} as const;

const refusals = {
  protected: "protected",
  not_needed: "notNeeded",
  too_soon: "tooSoon",
} as const;

/**
 * One customer's state, recent security events and cases. Agents read it and do the everyday work
 * for the customer — open a case, resend the confirmation mail, correct name and phone (issue 27);
 * admins also get the CLI's powers and change the email address. Every action checks its role
 * itself (S34).
 */
export default async function CustomerPage({
  params,
  searchParams,
}: CustomerPageProps) {
  const { id } = await params;
  const admin = await requireStaffPage(
    "agent",
    `/staff/customers/${encodeURIComponent(id)}`,
  );
  const isAdmin = hasRole(admin, "admin");
  const customer = await findCustomerById(id);
  if (!customer) notFound();
  const t = await getTranslations("staff.customer");
  const roleWords = await getTranslations("staff.roles");
  const eventWords = await getTranslations("staff.auditEvents");
  const times = await readerTimes();
  const query = await searchParams;
  const done =
    typeof query.done === "string" && query.done in notices
      ? notices[query.done as keyof typeof notices]
      : null;
  const refused =
    typeof query.refused === "string" && query.refused in refusals
      ? refusals[query.refused as keyof typeof refusals]
      : null;
  const categoryWords = await getTranslations("cases.categories");
  const priorityWords = await getTranslations("staff.priority");
  const phoneHint = (await getTranslations("account"))("phoneHint", {
    country: await countryName(config().phoneDefaultCountry),
  });
  const [events, cases] = await Promise.all([
    recentAuditEvents(customer.id),
    listCases(customer.id),
  ]);
  const when = (date: Date) =>
    times.time(date);
  const locked =
    customer.passwordSignInBlocked ||
    (customer.lockedUntil !== null && customer.lockedUntil > now()) ||
    customer.failedSignIns > 0;
  // Admins are managed with the CLI only, and nobody disables themselves here.
  const protectedAccount =
    customer.role === "admin" || customer.id === admin.id;
  const hidden = <input type="hidden" name="customer" value={customer.id} />;

  return (
    <div>
      <StaffNav staff={admin} current="customers" />
      <article aria-labelledby="customer-heading" className="space-y-6">
        <p className="text-sm">
          <Link href="/staff/customers">{t("backToCustomers")}</Link>
        </p>
        {done && (
          <Notice tone="success">
            {t(`done.${done}`, { email: customer.email })}
          </Notice>
        )}
        {refused && (
          <Notice tone="danger">
            {t(`refused.${refused}`)}
          </Notice>
        )}
        <h1 id="customer-heading" className="text-2xl font-bold">
          {t("heading", {
            name: displayName(customer),
            username: customer.username,
          })}
        </h1>

        <section aria-labelledby="details-heading" className="card space-y-3">
          <h2 id="details-heading" className="text-xl font-semibold">
            {t("details")}
          </h2>
          <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="font-semibold">{t("username")}</dt>
            <dd className="break-all">{customer.username}</dd>
            <dt className="font-semibold">{t("name")}</dt>
            <dd>{customer.name ?? t("none")}</dd>
            <dt className="font-semibold">{t("email")}</dt>
            <dd className="break-all">
              {customer.email}{" "}
              {customer.emailVerified === null && t("unconfirmed")}
            </dd>
            <dt className="font-semibold">{t("phone")}</dt>
            <dd>{customer.phone ? formatPhoneNumber(customer.phone) : t("none")}</dd>
            <dt className="font-semibold">{t("role")}</dt>
            <dd>{roleWords(customer.role)}</dd>
            <dt className="font-semibold">{t("state")}</dt>
            <dd>
              <AccountState customer={customer} />
            </dd>
            <dt className="font-semibold">{t("failures")}</dt>
            <dd>{customer.failedSignIns}</dd>
            <dt className="font-semibold">{t("password")}</dt>
            <dd>
              {customer.passwordHash ? t("passwordSet") : t("passwordNotSet")}
            </dd>
            <dt className="font-semibold">{t("created")}</dt>
            <dd>{when(customer.createdAt)}</dd>
            <dt className="font-semibold">{t("lastSignIn")}</dt>
            <dd>
              {customer.lastSignInAt ? when(customer.lastSignInAt) : t("never")}
            </dd>
          </dl>
        </section>

        <section aria-labelledby="work-heading" className="card space-y-5">
          <h2 id="work-heading" className="text-xl font-semibold">
            {t("work")}
          </h2>
          {customer.emailVerified === null && !customer.disabled && (
            <form
              id="resend-confirmation-form"
              action={resendConfirmationAction}
              className="space-y-2"
            >
              {hidden}
              <p>{t("resendConfirmationIntro", { email: customer.email })}</p>
              <button type="submit" className="button-secondary">
                {t("resendConfirmation")}
              </button>
            </form>
          )}
          <section aria-labelledby="correct-details-heading" className="space-y-3">
            <h3 id="correct-details-heading" className="text-lg font-semibold">
              {t("correctDetails")}
            </h3>
            <CorrectDetailsForm
              customerId={customer.id}
              name={customer.name ?? ""}
              phone={customer.phone ? formatPhoneNumber(customer.phone) : ""}
              words={{ name: t("name"), phone: t("phone"), phoneHint, saveDetails: t("saveDetails") }}
            />
          </section>
          {isAdmin && customer.role !== "admin" && (
            <section aria-labelledby="change-email-heading" className="space-y-3">
              <h3 id="change-email-heading" className="text-lg font-semibold">
                {t("changeEmailHeading")}
              </h3>
              <p>{t("changeEmailIntro", { email: customer.email })}</p>
              <ChangeEmailForm
                customerId={customer.id}
                words={{ newEmail: t("newEmail"), newEmailHint: t("newEmailHint"), changeEmail: t("changeEmail") }}
              />
            </section>
          )}
          <section aria-labelledby="open-case-heading" className="space-y-3">
            <h3 id="open-case-heading" className="text-lg font-semibold">
              {t("openCaseHeading")}
            </h3>
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
          </section>
        </section>

        {isAdmin && (
          <section aria-labelledby="actions-heading" className="card space-y-5">
            <h2 id="actions-heading" className="text-xl font-semibold">
              {t("actions")}
            </h2>
            {locked && (
              <form
                id="unlock-form"
                action={unlockCustomerAction}
                className="space-y-2"
              >
                {hidden}
                <p>{t("unlockIntro")}</p>
                <button type="submit" className="button-secondary">
                  {t("unlock")}
                </button>
              </form>
            )}
            {!customer.disabled && (
              <form
                id="reset-link-form"
                action={sendResetLinkAction}
                className="space-y-2"
              >
                {hidden}
                <p>{t("resetIntro", { email: customer.email })}</p>
                <button type="submit" className="button-secondary">
                  {t("sendReset")}
                </button>
              </form>
            )}
            {customer.role !== "admin" && (
              <form
                id="reset-two-step-form"
                action={resetTwoStepAction}
                className="space-y-2"
              >
                {hidden}
                <p>{t("resetTwoStepIntro")}</p>
                <button type="submit" className="button-secondary">
                  {t("resetTwoStep")}
                </button>
              </form>
            )}
            {protectedAccount ? (
              <p>{t("protectedNote")}</p>
            ) : (
              <>
                <form
                  id="disable-form"
                  action={disableCustomerAction}
                  className="space-y-2"
                >
                  {hidden}
                  <input
                    type="hidden"
                    name="disable"
                    value={customer.disabled ? "0" : "1"}
                  />
                  <p>
                    {customer.disabled ? t("enableIntro") : t("disableIntro")}
                  </p>
                  <button type="submit" className="button-secondary">
                    {customer.disabled ? t("enable") : t("disable")}
                  </button>
                </form>
                <form
                  id="role-form"
                  action={setRoleAction}
                  className="space-y-2"
                >
                  {hidden}
                  <label
                    htmlFor="customer-role"
                    className="block font-semibold"
                  >
                    {t("roleLabel")}
                  </label>
                  <p id="customer-role-hint" className="text-sm text-slate-600">
                    {t("roleHint")}
                  </p>
                  <div className="flex flex-wrap gap-3">
                    <select
                      id="customer-role"
                      name="role"
                      defaultValue={customer.role}
                      aria-describedby="customer-role-hint"
                      className="text-input w-auto"
                    >
                      {grantableRoles.map((role) => (
                        <option key={role} value={role}>
                          {roleWords(role)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button-secondary">
                      {t("saveRole")}
                    </button>
                  </div>
                </form>
              </>
            )}
          </section>
        )}

        <section aria-labelledby="events-heading" className="card space-y-3">
          <h2 id="events-heading" className="text-xl font-semibold">
            {t("events")}
          </h2>
          {events.length === 0 ? (
            <p>{t("noEvents")}</p>
          ) : (
            <ol className="space-y-2">
              {events.map((event) => (
                <li key={event.id} className="text-sm">
                  <span className="font-semibold">
                    {(auditEvents as readonly string[]).includes(event.event)
                      ? eventWords(event.event)
                      : event.event}
                  </span>{" "}
                  · {t("eventTime", { time: when(event.at) })}
                  {event.ip && <> · {t("eventIp", { ip: event.ip })}</>}
                  {event.actor && (
                    <> · {t("eventBy", { name: displayName(event.actor) })}</>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>

        <section
          aria-labelledby="their-cases-heading"
          className="card space-y-3"
        >
          <h2 id="their-cases-heading" className="text-xl font-semibold">
            {t("cases")}
          </h2>
          {cases.length === 0 ? (
            <p>{t("noCases")}</p>
          ) : (
            <ul className="space-y-2">
              {cases.map((item) => (
                <li key={item.id}>
                  <Link href={`/staff/cases/${item.id}`}>
                    {t("caseLink", { number: item.id, subject: item.subject })}
                  </Link>{" "}
                  <CaseStatus status={item.status} forStaff />
                </li>
              ))}
            </ul>
          )}
        </section>
      </article>
    </div>
  );
}
