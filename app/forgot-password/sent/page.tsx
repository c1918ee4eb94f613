import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { config } from "@/lib/config";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgotPassword"))("sentTitle") };
}

/** S16: the one answer every request gets, whatever address was typed. */
export default async function CheckYourEmailPage() {
  const t = await getTranslations("forgotPassword");
  return (
    <CardPage headingId="forgot-heading" heading={t("title")}>
      <Notice tone="success">
        {t("checkEmail")}
      </Notice>
      <p className="mt-4">{t("sentExplanation", { minutes: config().resetTokenTtlMinutes })}</p>
      <p className="mt-4">{t.rich("nothingArrived", { again: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}</p>
    </CardPage>
  );
}
