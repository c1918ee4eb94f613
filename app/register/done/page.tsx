import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("doneTitle") };
}

type DonePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The account exists (or already did). No automatic sign-in, as after a reset (S22). */
export default async function RegistrationDonePage({ searchParams }: DonePageProps) {
  const t = await getTranslations("registration");
  const already = (await searchParams).already === "1";
  return (
    <CardPage headingId="done-heading" heading={t("doneTitle")}>
      <Notice tone="success">
        {already ? t("alreadyRegistered") : t("done")}
      </Notice>
      <p className="my-4">{already ? t("alreadyRegisteredHelp") : t("doneHelp")}</p>
      <Link href="/signin" className="button-primary">
        {t("tabs.signIn")}
      </Link>
    </CardPage>
  );
}
