"use server";

import { notFound, redirect } from "next/navigation";
import { readFields, type FormState } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { isLocale } from "@/lib/i18n/locales";
import { articleDraftSchema, type ArticleField } from "@/lib/knowledge-base/articles";
import { archiveArticle, createArticle, publishArticle, restoreVersion, saveDraft, type EditOutcome } from "@/lib/knowledge-base/editing";
import { hasRole, requireStaff, staffActor } from "@/lib/staff/access";
import { staffAction } from "@/lib/staff/staff-action";
import { articleHtml } from "@/lib/support/article-html";

/**
 * The Knowledge Base editor's actions (issue 31). Each checks the role first (S34): a customer or
 * a signed-out visitor gets a 404 and nothing is done. "Preview" saves nothing and answers with
 * the article rendered by the public page's own sanitiser, so the editor works without JavaScript.
 */
export type EditorField = ArticleField | "locale";
export type EditorState = FormState<EditorField> & { previewHtml?: string };

const fieldSpecs = {
  slug: { maxLength: 400 },
  title: { maxLength: 800 },
  category: { maxLength: 400 },
  summary: { maxLength: 2000 },
  body: { maxLength: 200_000, multiline: true },
  locale: { maxLength: 10 },
  article: { maxLength: 12 },
  base: { maxLength: 12 },
  intent: { maxLength: 20 },
  translationOf: { maxLength: 12 },
};

function number(value: string | undefined): number | null {
  return value && /^[0-9]{1,9}$/.test(value) ? Number(value) : null;
}

/**
 * An article that is gone (or no article number at all): its page, which answers "Page not found"
 * with 404 also without JavaScript; no article is 0. A form that does not fit an article the
 * staff member can see (no base version, a command that is not theirs) also ends there: nothing
 * is done, and its page shows the article as it is.
 */
function articleNotFound(id: number | null): never {
  pageNotFoundAt(`/staff/knowledge-base/${id ?? 0}`);
}

export const saveArticleAction = translatedForm<EditorField>(async (_previous, formData): Promise<EditorState> => {
  const staff = await requireStaff("agent");
  const words = await formWords();
  const form = readFields(formData, fieldSpecs);
  const { article: articleField, base: baseField, intent, locale, translationOf, ...fields } = form.values;
  const values = { ...fields, locale };
  const parsed = articleDraftSchema.safeParse(fields);
  const articleId = number(articleField);
  const badLocale = articleId === null && !isLocale(locale);
  if (!form.ok || !parsed.success || badLocale) {
    const fieldErrors = {
      ...(parsed.success ? {} : words.issues<EditorField>(parsed.error.issues)),
      ...(badLocale ? { locale: words.t("validation.article.locale") } : {}),
      ...words.problems(form.problems as Partial<Record<EditorField, never>>),
    };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  if (intent === "preview") return { status: "idle", values, previewHtml: articleHtml(parsed.data.body) };
  const publish = intent === "publish" && hasRole(staff, "admin");
  const actor = await staffActor(staff);
  let outcome: EditOutcome;
  if (articleId === null) {
    outcome = await createArticle(staff, locale!, parsed.data, { translationOf: number(translationOf) ?? undefined }, actor);
  } else {
    const base = number(baseField);
    if (base === null) articleNotFound(articleId);
    outcome = await saveDraft(staff, articleId, base, parsed.data, actor);
  }
  if (!outcome.ok) {
    if (outcome.reason === "not_found") articleNotFound(articleId ?? number(translationOf));
    const message = outcome.reason === "conflict" ? words.t("staff.knowledgeBase.conflict", { version: outcome.latestVersion }) : words.t(`staff.knowledgeBase.refused.${outcome.reason}`);
    return { status: "error", message, values, ...(outcome.reason === "slug_taken" ? { fieldErrors: { slug: message } } : {}) };
  }
  if (publish) {
    const published = await publishArticle(staff, outcome.articleId, outcome.version, actor);
    if (!published.ok) return { status: "error", message: words.t(`staff.knowledgeBase.refused.${published.reason === "slug_taken" ? "slug_taken" : "not_found"}`), values };
  }
  redirect(`/staff/knowledge-base/${outcome.articleId}?done=${publish ? "published" : "saved"}`);
});

/** Restore, publish a version, archive: one small form each on the article's page. */
export const articleCommandAction = staffAction("agent", async (staff, formData, actor) => {
  const form = readFields(formData, { article: { maxLength: 12 }, version: { maxLength: 12 }, base: { maxLength: 12 }, command: { maxLength: 20 } });
  const articleId = number(form.values.article);
  const version = number(form.values.version);
  if (!form.ok || articleId === null) articleNotFound(articleId);
  const command = form.values.command;
  let outcome: EditOutcome;
  if (command === "restore" && version !== null && number(form.values.base) !== null) {
    outcome = await restoreVersion(staff, articleId, version, number(form.values.base)!, actor);
  } else if (command === "publish" && version !== null && hasRole(staff, "admin")) {
    outcome = await publishArticle(staff, articleId, version, actor);
  } else if (command === "archive" && hasRole(staff, "admin")) {
    outcome = await archiveArticle(staff, articleId, actor);
  } else if (command === "publish" || command === "archive") {
    // An admin's command from an agent: refused as every role check is (S34, requireStaff), with
    // "not found" — the page never offers it to an agent.
    notFound();
  } else {
    articleNotFound(articleId);
  }
  if (!outcome.ok && outcome.reason === "not_found") articleNotFound(articleId);
  const done = outcome.ok ? { restore: "restored", publish: "published", archive: "archived" }[command] : outcome.reason === "conflict" ? "conflict" : "slugTaken";
  return { path: `/staff/knowledge-base/${articleId}`, done };
});
