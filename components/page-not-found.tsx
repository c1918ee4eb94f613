import { getTranslations } from "next-intl/server";
import Link from "next/link";

/**
 * The portal's "Page not found": the not-found page (app/not-found.tsx) and a page that finds
 * nothing to show (lib/http/page-not-found.tsx) say the same.
 */
export async function PageNotFound() {
  const t = await getTranslations("notFound");
  return (
    <section aria-labelledby="not-found-heading" className="card">
      <h1 id="not-found-heading" className="mb-4 text-2xl font-bold">
        {t("heading")}
      </h1>
      <p>
        {t.rich("text", { home: (chunks) => <Link href="/">{chunks}</Link> })}
      </p>
    </section>
  );
}
