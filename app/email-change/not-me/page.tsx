import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { checkNotMeLink, notMeCookieName } from "@/lib/account/email-change";
import { config } from "@/lib/config";
import { supportContactValues } from "@/lib/support/contact-details";
import { requestMeta } from "@/lib/http/client-ip";
import { notMeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailChange"))("notMeTitle") };
}

type NotMePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const outcomes = ["cancelled", "restored", "disabled"] as const;

/** "This wasn't me" from the old address (issue 16): what pressing the button will do, then what it did. */
export default async function NotMePage({ searchParams }: NotMePageProps) {
  const t = await getTranslations("emailChange");
  const contact = supportContactValues(config().branding);
  const params = await searchParams;
  const done = outcomes.find((outcome) => outcome === params.done) ?? null;
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const change = done ? null : await checkNotMeLink((await cookies()).get(notMeCookieName())?.value, requestMeta(await headers()), "page");
  return (
    <CardPage headingId="not-me-heading" heading={t("notMeTitle")} gap={4}>
      {done === "disabled" ? (
        <Notice tone="danger">{t("notMeDisabled", contact)}</Notice>
      ) : done ? (
        <>
          <Notice tone="success">{t("notMeDone")}</Notice>
          {done === "restored" && <p>{t("notMeRestored")}</p>}
          <Link href="/forgot-password" className="button-primary">
            {t("chooseNewPassword")}
          </Link>
        </>
      ) : change ? (
        <form action={notMeAction} className="space-y-4">
          <p className="break-words">{t("notMeIntro", { username: change.customer.username, newEmail: change.newEmail })}</p>
          <p>{t("notMeWhat")}</p>
          <button type="submit" className="button-primary">
            {t("notMeButton")}
          </button>
        </form>
      ) : (
        <>
          <Notice tone="danger">{t("notMeInvalid")}</Notice>
          <p>{t("notMeInvalidHelp", contact)}</p>
        </>
      )}
    </CardPage>
  );
}
