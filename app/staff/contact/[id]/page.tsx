import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LinkedText } from "@/components/linked-text";
import { StaffMessageForm } from "@/components/staff-message-form";
import { StaffActionButton } from "@/components/staff-action-button";
import { StaffPage } from "@/components/staff-page";
import { pageNotice } from "@/lib/staff/page-notice";
import { displayName } from "@/lib/auth/current-customer";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { caseCategories } from "@/lib/support/cases";
import { contactMessageForStaff } from "@/lib/support/contact-inbox";
import { Notice } from "@/components/notice";
import { CardSection } from "@/components/card-section";
import { contactHandledAction, contactReplyAction } from "./actions";
import { MakeCaseForm } from "./make-case-form";
import { readerTimes } from "@/i18n/reader-times";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.contact"))("title"));
}

type ContactMessagePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = { replied: "replied", handled: "handled", reopened: "reopened" } as const;

async function ContactMessagePage({ params, searchParams }: ContactMessagePageProps) {
  const { id } = await params;
  const staff = await requireStaffPage("agent", `/staff/contact/${encodeURIComponent(id)}`);
  const found = await contactMessageForStaff(id);
  if (!found) notFound();
  const { message, handler, caseSubject, account, replies } = found;
  const t = await getTranslations("staff.contact");
  const categoryWords = await getTranslations("cases.categories");
  const caseWords = await getTranslations("cases");
  const times = await readerTimes();
  const query = await searchParams;
  const done = pageNotice(query.done, notices);
  const when = (date: Date) => times.time(date);
  const categories = caseCategories.map((code) => ({ value: code, label: categoryWords(code) }));

  return (
    <StaffPage
      staff={staff}
      current="contact"
      headingId="message-heading"
      heading={t("heading", { reference: message.id, name: message.name })}
      back={<Link href="/staff/contact">{t("backToInbox")}</Link>}
      notices={done && <Notice tone="success">{t(`done.${done}`)}</Notice>}
    >
      <CardSection headingId="received-heading" heading={t("received")}>
        <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("from")}</dt>
          <dd className="break-all">
            {message.name} <a href={`mailto:${message.email}`}>{message.email}</a>
          </dd>
          <dt className="font-semibold">{t("sent")}</dt>
          <dd>{when(message.createdAt)}</dd>
          <dt className="font-semibold">{t("account")}</dt>
          <dd>
            {account ? (
              <>
                {t(account.verified ? "accountSignedIn" : "accountByAddress", { name: displayName(account.customer), username: account.customer.username })}{" "}
                <Link href={`/staff/customers/${account.customer.id}`}>{t("manageCustomer")}</Link>
              </>
            ) : (
              t("noAccount")
            )}
          </dd>
          <dt className="font-semibold">{t("state")}</dt>
          <dd>{message.handledAt ? t("handledBy", { name: handler ? displayName(handler) : t("someoneRemoved"), when: when(message.handledAt) }) : t("notHandled")}</dd>
          {message.caseId !== null && (
            <>
              <dt className="font-semibold">{t("case")}</dt>
              <dd>
                <Link href={`/staff/cases/${message.caseId}`}>{caseWords("caseLink", { number: message.caseId, subject: caseSubject ?? "" })}</Link>
              </dd>
            </>
          )}
        </dl>
        {!message.customerId && <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">{t("unverified")}</p>}
        <LinkedText text={message.message} className="border-l-4 border-slate-500 pl-3" />
      </CardSection>

      {replies.length > 0 && (
        <CardSection headingId="answers-heading" heading={t("answers")}>
          <ol className="space-y-4">
            {replies.map((reply) => (
              <li key={reply.id} className={reply.fromSender ? "border-l-4 border-slate-500 pl-3" : "border-l-4 border-brand-600 pl-3"}>
                <p className="text-sm text-slate-700">
                  {reply.fromSender
                    ? t("senderReplied", { when: when(reply.at) })
                    : t("answeredBy", { name: reply.author ? displayName(reply.author) : t("someoneRemoved"), when: when(reply.at) })}
                </p>
                <LinkedText text={reply.text} />
              </li>
            ))}
          </ol>
        </CardSection>
      )}

      <CardSection headingId="answer-heading" heading={t("answerHeading")}>
        <StaffMessageForm
          formId="contact-reply-form"
          action={contactReplyAction}
          hidden={{ message: message.id }}
          label={t("answerLabel")}
          hint={t("answerHint", { email: message.email })}
          submit={t("answerSubmit")}
        />
      </CardSection>

      <CardSection headingId="handled-heading" heading={t("handledHeading")}>
        <StaffActionButton
          id="contact-handled-form"
          action={contactHandledAction}
          fields={{ message: String(message.id), handled: message.handledAt ? "0" : "1" }}
          label={message.handledAt ? t("markNotHandled") : t("markHandled")}
        />
      </CardSection>

      {account && message.caseId === null && (
        <CardSection headingId="make-case-heading" heading={t("makeCaseHeading")}>
          <p>{t("makeCaseIntro", { username: account.customer.username })}</p>
          <MakeCaseForm
            messageId={message.id}
            categories={categories}
            labels={{ subject: caseWords("subject"), category: caseWords("category"), chooseCategory: caseWords("chooseCategory"), submit: t("makeCaseSubmit") }}
          />
        </CardSection>
      )}
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(ContactMessagePage);
