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
import { contactHandledAction, contactReplyAction } from "./actions";
import { MakeCaseForm } from "./make-case-form";
import { readerTimes } from "@/i18n/reader-times";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.contact"))("title"));
}

type ContactMessagePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = { replied: "replied", handled: "handled", reopened: "reopened" } as const;

export default async function ContactMessagePage({ params, searchParams }: ContactMessagePageProps) {
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
      <section aria-labelledby="received-heading" className="card space-y-3">
        <h2 id="received-heading" className="text-xl font-semibold">
          {t("received")}
        </h2>
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
      </section>

      {replies.length > 0 && (
        <section aria-labelledby="answers-heading" className="card space-y-3">
          <h2 id="answers-heading" className="text-xl font-semibold">
            {t("answers")}
          </h2>
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
        </section>
      )}

      <section aria-labelledby="answer-heading" className="card space-y-3">
        <h2 id="answer-heading" className="text-xl font-semibold">
          {t("answerHeading")}
        </h2>
        <StaffMessageForm
          formId="contact-reply-form"
          action={contactReplyAction}
          hidden={{ message: message.id }}
          label={t("answerLabel")}
          hint={t("answerHint", { email: message.email })}
          submit={t("answerSubmit")}
        />
      </section>

      <section aria-labelledby="handled-heading" className="card space-y-3">
        <h2 id="handled-heading" className="text-xl font-semibold">
          {t("handledHeading")}
        </h2>
        <StaffActionButton
          id="contact-handled-form"
          action={contactHandledAction}
          fields={{ message: String(message.id), handled: message.handledAt ? "0" : "1" }}
          label={message.handledAt ? t("markNotHandled") : t("markHandled")}
        />
      </section>

      {account && message.caseId === null && (
        <section aria-labelledby="make-case-heading" className="card space-y-3">
          <h2 id="make-case-heading" className="text-xl font-semibold">
            {t("makeCaseHeading")}
          </h2>
          <p>{t("makeCaseIntro", { username: account.customer.username })}</p>
          <MakeCaseForm
            messageId={message.id}
            categories={categories}
            labels={{ subject: caseWords("subject"), category: caseWords("category"), chooseCategory: caseWords("chooseCategory"), submit: t("makeCaseSubmit") }}
          />
        </section>
      )}
    </StaffPage>
  );
}
