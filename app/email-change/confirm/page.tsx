import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { checkEmailChangeLink, emailChangeCookieName } from "@/lib/account/email-change";
import { maskEmail } from "@/lib/auth/masked-email";
import { requestMeta } from "@/lib/http/client-ip";
import { confirmEmailChangeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailChange"))("confirmTitle") };
}

type ConfirmPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where the link to the new address lands (issue 16); works in any browser, signed in or not. */
export default async function ConfirmEmailChangePage({ searchParams }: ConfirmPageProps) {
  const t = await getTranslations("emailChange");
  const confirmed = (await searchParams).confirmed === "1";
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const change = confirmed ? null : await checkEmailChangeLink((await cookies()).get(emailChangeCookieName())?.value, requestMeta(await headers()), "page");
  return (
    <CardPage headingId="confirm-heading" heading={t("confirmTitle")} gap={4}>
      {confirmed ? (
        <>
          <Notice tone="success">{t("confirmed")}</Notice>
          <Link href="/account" className="button-primary">
            {t("toAccount")}
          </Link>
        </>
      ) : change ? (
        <form action={confirmEmailChangeAction} className="space-y-4">
          {/* The old address is masked: whoever holds this link proved the new one, not the old. */}
          <p className="break-words">{t("confirmIntro", { username: change.customer.username, oldEmail: maskEmail(change.oldEmail), newEmail: change.newEmail })}</p>
          <button type="submit" className="button-primary">
            {t("confirmButton")}
          </button>
        </form>
      ) : (
        <>
          <Notice tone="danger">{t("confirmInvalid")}</Notice>
          <p>{t("confirmInvalidHelp")}</p>
          <Link href="/account/email" className="button-secondary">
            {t("title")}
          </Link>
        </>
      )}
    </CardPage>
  );
}
