import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { checkConfirmationLink, confirmationCookieName } from "@/lib/auth/email-confirmation";
import { requestMeta } from "@/lib/http/client-ip";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { confirmEmailAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("confirmEmail"))("title") };
}

type ConfirmEmailPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmEmailPage({ searchParams }: ConfirmEmailPageProps) {
  const t = await getTranslations("confirmEmail");
  const confirmed = (await searchParams).confirmed === "1";
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const link = confirmed ? null : await checkConfirmationLink((await cookies()).get(confirmationCookieName())?.value, requestMeta(await headers()), "page");
  return (
    <CardPage headingId="confirm-heading" heading={t("title")} gap={4}>
      {confirmed ? (
        <>
          <Notice tone="success">
            {t("confirmed")}
          </Notice>
          <Link href="/signin" className="button-primary">
            {t("signIn")}
          </Link>
        </>
      ) : link ? (
        <form action={confirmEmailAction} className="space-y-4">
          <p>{t("intro", { email: link.email })}</p>
          <button type="submit" className="button-primary">
            {t("button")}
          </button>
        </form>
      ) : (
        <>
          <Notice tone="danger">
            {t("invalidLink")}
          </Notice>
          <p>{t("invalidLinkHelp")}</p>
        </>
      )}
    </CardPage>
  );
}
