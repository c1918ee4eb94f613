import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { StaffPage } from "@/components/staff-page";
import { availableLocales, isLocale } from "@/lib/i18n/locales";
import { articleStartFromCase } from "@/lib/knowledge-base/from-case";
import { hasRole, requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { caseNumber } from "@/lib/support/cases";
import { ArticleEditor } from "../article-editor";
import { editorLabels } from "../editor-labels";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.knowledgeBase"))("newArticle"));
}

type NewArticlePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A new article; ?translationOf=<id>&locale=<language> for a translation, ?fromCase=<number> to start from a case. */
async function NewArticlePage({ searchParams }: NewArticlePageProps) {
  const staff = await requireStaffPage("agent", "/staff/knowledge-base/new");
  const t = await getTranslations("staff.knowledgeBase");
  const query = await searchParams;
  const translationOf = typeof query.translationOf === "string" && /^[0-9]{1,9}$/.test(query.translationOf) ? Number(query.translationOf) : undefined;
  const fromCase = caseNumber(query.fromCase);
  const start = fromCase === null ? undefined : await articleStartFromCase(staff, fromCase);
  const languageName = new Intl.DisplayNames([await getLocale()], { type: "language" });
  const locales = availableLocales().map((locale) => ({ value: locale, label: languageName.of(locale) ?? locale }));
  const locale = typeof query.locale === "string" && isLocale(query.locale) ? query.locale : undefined;
  return (
    <StaffPage
      staff={staff}
      current="knowledgeBase"
      landmark="section"
      headingId="new-heading"
      heading={translationOf === undefined ? t("newArticle") : t("newTranslation")}
      back={<Link href="/staff/knowledge-base">{t("backToList")}</Link>}
    >
      {start && <p role="note">{t("fromCaseNote", { number: fromCase! })}</p>}
      <ArticleEditor
        translationOf={translationOf}
        locales={locales}
        initial={{ locale, title: start?.title, body: start?.body }}
        canPublish={hasRole(staff, "admin")}
        labels={await editorLabels()}
      />
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(NewArticlePage);
