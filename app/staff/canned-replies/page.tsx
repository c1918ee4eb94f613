import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Notice } from "@/components/notice";
import { StaffActionButton } from "@/components/staff-action-button";
import { StaffPage } from "@/components/staff-page";
import { CardSection } from "@/components/card-section";
import { pageNotice } from "@/lib/staff/page-notice";
import { availableLocales, translatorFor } from "@/lib/i18n/locales";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { CANNED_REPLIES_PER_LANGUAGE, listCannedReplies } from "@/lib/support/canned-replies";
import { deleteCannedReplyAction } from "./actions";
import { CannedReplyForm } from "./canned-reply-form";
import { cannedReplyWords } from "./words";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("admin", async () => (await getTranslations("staff.cannedReplies"))("title"));
}

type CannedRepliesPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = { added: "added", saved: "saved", deleted: "deleted" } as const;

/**
 * Admins only (issue 27): the canned replies agents insert into the reply box on a case, per
 * language, each with its Edit and Delete, and a form to add one.
 */
async function CannedRepliesPage({ searchParams }: CannedRepliesPageProps) {
  const admin = await requireStaffPage("admin", "/staff/canned-replies");
  const t = await getTranslations("staff.cannedReplies");
  const query = await searchParams;
  const done = pageNotice(query.done, notices);
  const replies = await listCannedReplies();
  const languages = availableLocales().map((locale) => ({ value: locale, label: translatorFor(locale, "shell")("languageName") }));

  return (
    <StaffPage
      staff={admin}
      current="cannedReplies"
      headingId="canned-replies-heading"
      heading={t("title")}
      intro={t("intro", { count: CANNED_REPLIES_PER_LANGUAGE })}
      notices={
        <>
          {done && <Notice tone="success">{t(`done.${done}`)}</Notice>}
          {query.refused === "gone" && <Notice tone="danger">{t("gone")}</Notice>}
        </>
      }
    >
      {languages.map((language) => {
        const inLanguage = replies.filter((reply) => reply.locale === language.value);
        return (
          <CardSection key={language.value} headingId={`canned-${language.value}-heading`} heading={language.label} headingLang={language.value}>
            {inLanguage.length === 0 ? (
              <p>{t("none")}</p>
            ) : (
              <ul className="space-y-4">
                {inLanguage.map((reply) => (
                  <li key={reply.id} className="space-y-1 border-t border-slate-200 pt-3 first:border-0 first:pt-0">
                    <h3 className="font-semibold" lang={reply.locale}>
                      {reply.title}
                    </h3>
                    <p className="whitespace-pre-wrap text-sm text-slate-700" lang={reply.locale}>
                      {reply.body}
                    </p>
                    <div className="flex flex-wrap items-center gap-4">
                      <Link href={`/staff/canned-replies/${reply.id}`} aria-label={t("editNamed", { title: reply.title })}>
                        {t("edit")}
                      </Link>
                      <StaffActionButton
                        id={`delete-canned-reply-${reply.id}`}
                        action={deleteCannedReplyAction}
                        fields={{ reply: String(reply.id) }}
                        label={t("delete")}
                        accessibleLabel={t("deleteNamed", { title: reply.title })}
                      />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </CardSection>
        );
      })}
      <CardSection headingId="add-canned-reply-heading" heading={t("add")}>
        <CannedReplyForm languages={languages} words={await cannedReplyWords(t("addSubmit"))} />
      </CardSection>
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(CannedRepliesPage);
