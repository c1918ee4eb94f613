"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import Link from "next/link";

/**
 * A page that failed on the server or in the browser (issue 26): the portal's own words in the
 * customer's language, inside the usual header and footer, never the framework's English page or
 * a stack. "Try again" is a link that loads this address afresh (`href=""`, as global-error.tsx), so
 * it works without JavaScript too.
 */
export default function ErrorPage() {
  const t = useTranslations("errorPage");
  return (
    <section aria-labelledby="error-heading" className="card space-y-4">
      <h1 id="error-heading" className="text-2xl font-bold">
        {t("title")}
      </h1>
      <p>{t("text")}</p>
      <div className="flex flex-wrap gap-3">
        <a href="" className="button-primary">
          {t("retry")}
        </a>
        <Link href="/" className="button-secondary">
          {t("home")}
        </Link>
      </div>
    </section>
  );
}
