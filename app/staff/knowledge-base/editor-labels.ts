import { getTranslations } from "next-intl/server";

/** The editor's words, in the staff member's language (client components only show what they receive). */
export async function editorLabels() {
  const t = await getTranslations("staff.knowledgeBase.editor");
  const keys = ["locale", "chooseLocale", "slug", "slugHint", "title", "category", "summary", "body", "bodyHint", "preview", "previewHeading", "save", "publish"] as const;
  return Object.fromEntries(keys.map((key) => [key, t(key)])) as Record<(typeof keys)[number], string>;
}
