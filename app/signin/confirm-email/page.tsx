import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { maskEmail } from "@/lib/auth/masked-email";
import { currentChallenge } from "@/lib/auth/sign-in-challenge";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { resendConfirmationAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("confirmEmail"))("pendingTitle") };
}

type PendingPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * After a right password for an address nobody has confirmed. Only a browser that just gave the
 * password sees it (the challenge cookie), so it tells nothing to anyone else; the address is masked.
 */
export default async function ConfirmEmailFirstPage({ searchParams }: PendingPageProps) {
  const t = await getTranslations("confirmEmail");
  const params = await searchParams;
  const pending = await currentChallenge("confirm_email");
  const wait = typeof params.wait === "string" && /^\d{1,3}$/.test(params.wait) ? Number(params.wait) : null;
  return (
    <CardPage headingId="pending-heading" heading={t("pendingTitle")} gap={4}>
      {pending ? (
        <>
          {params.resent === "1" && (
            <Notice tone="success">
              {t("resent")}
            </Notice>
          )}
          {wait !== null && (
            <Notice tone="info">
              {t("resendWait", { seconds: wait })}
            </Notice>
          )}
          <p>{t("pendingIntro", { email: maskEmail(pending.customer.email) })}</p>
          <p>{t("pendingHelp")}</p>
          <form action={resendConfirmationAction}>
            <button type="submit" className="button-secondary">
              {t("resend")}
            </button>
          </form>
        </>
      ) : (
        <>
          <p>{t("pendingExpired")}</p>
          <Link href="/signin" className="button-primary">
            {t("signIn")}
          </Link>
        </>
      )}
    </CardPage>
  );
}
