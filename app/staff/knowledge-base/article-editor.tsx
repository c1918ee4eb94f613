"use client";

import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField, SelectField, TextAreaField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { saveArticleAction, type EditorField, type EditorState } from "./actions";

type ArticleEditorProps = {
  // An existing article and the version the edit starts from (the conflict check), or a new one.
  article?: { id: number; baseVersion: number };
  translationOf?: number;
  locales?: ReadonlyArray<{ value: string; label: string }>;
  initial: Partial<Record<EditorField, string>>;
  canPublish: boolean;
  labels: Record<"locale" | "chooseLocale" | "slug" | "slugHint" | "title" | "category" | "summary" | "body" | "bodyHint" | "preview" | "previewHeading" | "save" | "publish", string>;
};

// The fields' ids, for the error summary's links.
const articleFieldIds = { locale: "article-locale", title: "article-title", slug: "article-slug", category: "article-category", summary: "article-summary", body: "article-body" };

/**
 * The article form with its preview beside it. Works without JavaScript: "Preview" is a submit
 * whose answer is the page again, with the preview rendered by the server (the public page's
 * sanitiser). Words come from the staff page.
 */
export function ArticleEditor({ article, translationOf, locales, initial, canPublish, labels }: ArticleEditorProps) {
  const form = useActionForm<EditorState>(saveArticleAction, ["locale", "slug", "title", "category", "summary", "body"]);
  const { state, errors, focus } = form;
  const values = state.values ?? initial;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ActionForm id="article-form" form={form} className="space-y-4" fieldIds={articleFieldIds}>
        {article && <input type="hidden" name="article" value={article.id} />}
        {article && <input type="hidden" name="base" value={article.baseVersion} />}
        {translationOf !== undefined && <input type="hidden" name="translationOf" value={translationOf} />}
        {locales && (
          <SelectField id="article-locale" name="locale" label={labels.locale} required options={locales} placeholder={labels.chooseLocale} defaultValue={values.locale ?? ""} error={errors.locale} autoFocus={focus === "locale"} />
        )}
        <FormField id="article-title" name="title" label={labels.title} required maxLength={200} defaultValue={values.title} error={errors.title} autoFocus={focus === "title"} />
        <FormField id="article-slug" name="slug" label={labels.slug} hint={labels.slugHint} required maxLength={100} defaultValue={values.slug} error={errors.slug} autoFocus={focus === "slug"} />
        <FormField id="article-category" name="category" label={labels.category} required maxLength={100} defaultValue={values.category} error={errors.category} autoFocus={focus === "category"} />
        <FormField id="article-summary" name="summary" label={labels.summary} required maxLength={500} defaultValue={values.summary} error={errors.summary} autoFocus={focus === "summary"} />
        <TextAreaField id="article-body" name="body" label={labels.body} hint={labels.bodyHint} required rows={18} defaultValue={values.body} error={errors.body} autoFocus={focus === "body"} />
        <div className="flex flex-wrap gap-3">
          <SubmitButton name="intent" value="preview" secondary>
            {labels.preview}
          </SubmitButton>
          <SubmitButton name="intent" value="save">
            {labels.save}
          </SubmitButton>
          {canPublish && (
            <SubmitButton name="intent" value="publish" secondary>
              {labels.publish}
            </SubmitButton>
          )}
        </div>
      </ActionForm>
      <section aria-labelledby="preview-heading" className="card">
        <h2 id="preview-heading" className="mb-3 text-lg font-semibold">
          {labels.previewHeading}
        </h2>
        {state.previewHtml !== undefined && (
          <>
            <h3 className="mb-3 text-2xl font-bold">{values.title}</h3>
            <div id="article-preview" className="kb-article space-y-3" dangerouslySetInnerHTML={{ __html: state.previewHtml }} />
          </>
        )}
      </section>
    </div>
  );
}
