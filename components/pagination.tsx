import { getTranslations } from "next-intl/server";
import Link from "next/link";

/** Previous and next page links for a list shown a page at a time (plain links: no JavaScript needed). */
export async function Pagination({ page, more, href }: { page: number; more: boolean; href: (page: number) => string }) {
  if (page <= 1 && !more) return null;
  const t = await getTranslations("pagination");
  return (
    <nav aria-label={t("label")} className="flex flex-wrap items-center gap-4">
      {page > 1 && (
        <Link href={href(page - 1)} rel="prev">
          {t("previous")}
        </Link>
      )}
      <span>{t("current", { page })}</span>
      {more && (
        <Link href={href(page + 1)} rel="next">
          {t("next")}
        </Link>
      )}
    </nav>
  );
}
