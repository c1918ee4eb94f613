import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StaffPage } from "@/components/staff-page";
import { displayName } from "@/lib/auth/current-customer";
import { availableLocales } from "@/lib/i18n/locales";
import { articleForEditing, articleVersion } from "@/lib/knowledge-base/editing";
import { hasRole, requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { articleHtml } from "@/lib/support/article-html";
import { Notice } from "@/components/notice";
import { CardSection } from "@/components/card-section";
import { StaffActionButton } from "@/components/staff-action-button";
import { articleCommandAction } from "../actions";
import { ArticleEditor } from "../article-editor";
import { editorLabels } from "../editor-labels";
import { readerTimes } from "@/i18n/reader-times";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.knowledgeBase"))("title"));
}

type ArticlePageProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices = ["saved", "published", "restored", "archived", "conflict", "slugTaken"] as const;

/** One article in one language: its editor (the newest version), every version, its other languages, its votes. */
async function StaffArticlePage({ params, searchParams }: ArticlePageProps) {
  const { id } = await params;
  const staff = await requireStaffPage("agent", `/staff/knowledge-base/${encodeURIComponent(id)}`);
  if (!/^[0-9]{1,9}$/.test(id)) notFound();
  const found = await articleForEditing(Number(id));
  if (!found || !found.latest) notFound();
  const { article, latest, versions, translations, votes, comments } = found;
  const t = await getTranslations("staff.knowledgeBase");
  const times = await readerTimes();
  const when = (date: Date) => times.time(date);
  const query = await searchParams;
  const done = notices.find((notice) => notice === query.done);
  const asked = typeof query.version === "string" && /^[0-9]{1,9}$/.test(query.version) ? Number(query.version) : null;
  const shown = asked === null ? undefined : await articleVersion(article.id, asked);
  const isAdmin = hasRole(staff, "admin");
  const languageName = new Intl.DisplayNames([await getLocale()], { type: "language" });
  const missing = availableLocales().filter((locale) => locale !== article.locale && !translations.some((translation) => translation.locale === locale));

  return (
    <StaffPage
      staff={staff}
      current="knowledgeBase"
      headingId="article-heading"
      heading={latest.title}
      back={<Link href="/staff/knowledge-base">{t("backToList")}</Link>}
      notices={done && <Notice tone="success">{t(`done.${done}`)}</Notice>}
    >
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("columns.status")}</dt>
        <dd>
          {t(`status.${article.status}`)}
          {article.publishedVersion !== null && t("publishedVersion", { version: article.publishedVersion })}
          {article.status === "published" && (
            <>
              {" "}
              <Link href={`/knowledge-base/${article.slug}?lang=${article.locale}`}>{t("openPublic")}</Link>
            </>
          )}
        </dd>
        <dt className="font-semibold">{t("columns.language")}</dt>
        <dd>{languageName.of(article.locale) ?? article.locale}</dd>
        <dt className="font-semibold">{t("columns.views")}</dt>
        <dd>{article.views}</dd>
        <dt className="font-semibold">{t("columns.helpful")}</dt>
        <dd>{t("votes", votes)}</dd>
      </dl>

      <CardSection headingId="edit-heading" heading={t("editHeading", { version: latest.number })} kind="plain">
        <ArticleEditor
          key={latest.number}
          article={{ id: article.id, baseVersion: latest.number }}
          initial={{ slug: latest.slug, title: latest.title, category: latest.category, summary: latest.summary, body: latest.body }}
          canPublish={isAdmin}
          labels={await editorLabels()}
        />
      </CardSection>

      {shown && (
        <CardSection headingId="version-heading" heading={t("versionHeading", { version: shown.number })}>
          <p className="text-sm text-slate-700">{t("versionAddress", { slug: shown.slug, category: shown.category })}</p>
          <h3 className="text-2xl font-bold">{shown.title}</h3>
          <p>{shown.summary}</p>
          <div className="kb-article space-y-3" dangerouslySetInnerHTML={{ __html: articleHtml(shown.body) }} />
        </CardSection>
      )}

      <CardSection headingId="versions-heading" heading={t("versionsHeading")}>
        <ol className="space-y-2">
          {versions.map((version) => (
            <li key={version.number} className="flex flex-wrap items-center gap-3">
              <span>
                {t("versionLine", { version: version.number, name: version.author ? displayName(version.author) : t("contentFiles"), when: when(version.createdAt) })}
                {version.restoredFrom !== null && <> {t("restoredFrom", { version: version.restoredFrom })}</>}
                {version.number === article.publishedVersion && <> · {t("live")}</>}
              </span>
              <Link href={`/staff/knowledge-base/${article.id}?version=${version.number}#version-heading`}>{t("view")}</Link>
              {version.number !== latest.number && (
                <StaffActionButton
                  id={`restore-form-${version.number}`}
                  action={articleCommandAction}
                  fields={{ article: String(article.id), version: String(version.number), base: String(latest.number), command: "restore" }}
                  label={t("restore")}
                />
              )}
              {isAdmin && version.number !== article.publishedVersion && (
                <StaffActionButton
                  id={`publish-form-${version.number}`}
                  action={articleCommandAction}
                  fields={{ article: String(article.id), version: String(version.number), command: "publish" }}
                  label={t("publishVersion")}
                />
              )}
            </li>
          ))}
        </ol>
        {isAdmin && article.status === "published" && (
          <StaffActionButton id="archive-form" action={articleCommandAction} fields={{ article: String(article.id), command: "archive" }} label={t("archive")} />
        )}
        {!isAdmin && <p className="text-sm text-slate-700">{t("adminsPublish")}</p>}
      </CardSection>

      <CardSection headingId="languages-heading" heading={t("languagesHeading")}>
        <ul>
          {translations.map((translation) => (
            <li key={translation.id}>
              <Link href={`/staff/knowledge-base/${translation.id}`}>{`${languageName.of(translation.locale) ?? translation.locale}: ${translation.title}`}</Link> ({t(`status.${translation.status}`)})
            </li>
          ))}
          {missing.map((locale) => (
            <li key={locale}>
              <Link href={`/staff/knowledge-base/new?translationOf=${article.id}&locale=${locale}`}>{t("addTranslation", { language: languageName.of(locale) ?? locale })}</Link>
            </li>
          ))}
        </ul>
      </CardSection>

      <CardSection headingId="comments-heading" heading={t("commentsHeading")}>
        {comments.length === 0 ? (
          <p>{t("noComments")}</p>
        ) : (
          <ol className="space-y-2">
            {comments.map((comment, index) => (
              <li key={index} className="border-l-4 border-slate-300 pl-3">
                <p className="text-sm text-slate-700">{t(comment.helpful ? "commentHelpful" : "commentNotHelpful", { when: when(comment.at) })}</p>
                <p className="whitespace-pre-wrap">{comment.comment}</p>
              </li>
            ))}
          </ol>
        )}
      </CardSection>
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(StaffArticlePage);
