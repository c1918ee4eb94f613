import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { config } from "@/lib/config";
import { Notice } from "@/components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgotPassword"))("sentTitle") };
}

/** S16: the one answer every request gets, whatever address was typed. */
export default async function CheckYourEmailPage() {
  const t = await getTranslations("forgotPassword");
  return (
    <section aria-labelledby="forgot-heading" className="card mx-auto max-w-xl">
      <h1 id="forgot-heading" className="mb-5 text-2xl font-bold">
        {t("title")}
      </h1>
      <Notice tone="success">
        {t("checkEmail")}
      </Notice>
      <p className="mt-4">{t("sentExplanation", { minutes: config().resetTokenTtlMinutes })}</p>
      <p className="mt-4">{t.rich("nothingArrived", { again: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}</p>
    </section>
  );
}
