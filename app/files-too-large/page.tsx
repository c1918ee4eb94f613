import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { attachmentLimitValues } from "@/lib/forms/form-words";
import requestGate from "@/server/request-gate.cjs";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cases"))("filesTooLarge.heading"), robots: { index: false } };
}

/**
 * Issue 26: where a browser without JavaScript lands when a form's files are over the request
 * gate (server/preload.cjs answers such a post with this page, its body unread; proxy.ts gives it
 * the 413 status). It states the limits and leads back to the form the files came from; the
 * browser's Back button keeps what was typed.
 */
export default async function FilesTooLargePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const { from } = await searchParams;
  // Only a form that takes files; anything else leads to the case list.
  const back = typeof from === "string" && requestGate.UPLOAD_PATHS.test(from) ? from : "/support/cases";
  const t = await getTranslations("cases");
  return (
    <section aria-labelledby="files-too-large-heading" className="card mx-auto max-w-2xl">
      <h1 id="files-too-large-heading" className="mb-4 text-2xl font-bold">
        {t("filesTooLarge.heading")}
      </h1>
      <p className="mb-2">{t("filesTooLarge.text", attachmentLimitValues(t, await getLocale()))}</p>
      <p className="mb-4">{t("filesTooLarge.back")}</p>
      <Link href={back} className="button-secondary inline-block px-4 py-2">
        {t("filesTooLarge.link")}
      </Link>
    </section>
  );
}
