import { getTranslations } from "next-intl/server";

/** A case's category in the reader's language; a category from before the codes is shown as stored. */
export async function CategoryName({ category }: { category: string }) {
  const t = await getTranslations("cases.categories");
  return <>{t.has(category) ? t(category) : category}</>;
}
