import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { StaffPage } from "@/components/staff-page";
import { staffArticleList, staffArticleSorts, type StaffArticleSort } from "@/lib/knowledge-base/editing";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { readerTimes } from "@/i18n/reader-times";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.knowledgeBase"))("title"));
}

type ListPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every article in every language and state; sorted by last change, views or helpfulness. */
async function StaffKnowledgeBasePage({ searchParams }: ListPageProps) {
  const staff = await requireStaffPage("agent", "/staff/knowledge-base");
  const t = await getTranslations("staff.knowledgeBase");
  const times = await readerTimes();
  const asked = (await searchParams).sort;
  const sort: StaffArticleSort = staffArticleSorts.find((value) => value === asked) ?? "updated";
  const articles = await staffArticleList(sort);
  return (
    <StaffPage
      staff={staff}
      current="knowledgeBase"
      landmark="section"
      headingId="kb-heading"
      heading={t("title")}
      action={
        <Link href="/staff/knowledge-base/new" className="button-primary no-underline">
          {t("newArticle")}
        </Link>
      }
      intro={t("intro")}
    >
      <nav aria-label={t("sortLabel")}>
        <ul className="flex flex-wrap gap-x-4">
          {staffArticleSorts.map((value) => (
            <li key={value}>
              <Link href={`/staff/knowledge-base?sort=${value}`} aria-current={value === sort ? "true" : undefined} className={value === sort ? "font-bold" : undefined}>
                {t(`sort.${value}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="overflow-x-auto">
        <table className="w-full text-left">
          <thead>
            <tr>
              <th scope="col">{t("columns.title")}</th>
              <th scope="col">{t("columns.language")}</th>
              <th scope="col">{t("columns.status")}</th>
              <th scope="col">{t("columns.views")}</th>
              <th scope="col">{t("columns.helpful")}</th>
              <th scope="col">{t("columns.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => (
              <tr key={article.id} className="border-t border-slate-200">
                <td>
                  <Link href={`/staff/knowledge-base/${article.id}`}>{article.title}</Link>
                </td>
                <td>{article.locale}</td>
                <td>
                  {t(`status.${article.status}`)}
                  {article.publishedVersion !== null && article.latestVersion > article.publishedVersion && <> · {t("unpublishedChanges")}</>}
                </td>
                <td>{article.views}</td>
                <td>{t("votes", { helpful: article.helpful, notHelpful: article.notHelpful })}</td>
                <td>{times.time(article.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(StaffKnowledgeBasePage);
