import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { checkUndoWayInLink, undoWayInCookieName } from "@/lib/auth/undo-way-in";
import { wayInWords } from "@/lib/auth/ways-in";
import { config } from "@/lib/config";
import { supportContactValues } from "@/lib/support/contact-details";
import { requestMeta } from "@/lib/http/client-ip";
import { undoWayInAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("undoWayIn"))("title") };
}

type UndoWayInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** "This wasn't me" from the notice of a way in added (issue 22): what pressing the button will do, then what it did. */
export default async function UndoWayInPage({ searchParams }: UndoWayInPageProps) {
  const t = await getTranslations("undoWayIn");
  const contact = supportContactValues(config().branding);
  const params = await searchParams;
  const done = params.done === "1";
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const link = done ? null : await checkUndoWayInLink((await cookies()).get(undoWayInCookieName())?.value, requestMeta(await headers()), "page");
  return (
    <CardPage headingId="undo-heading" heading={t("title")} gap={4}>
      {done ? (
        <>
          <Notice tone="success">{t("done")}</Notice>
          <Link href="/forgot-password" className="button-primary">
            {t("chooseNewPassword")}
          </Link>
        </>
      ) : link ? (
        <form action={undoWayInAction} className="space-y-4">
          <p className="break-words">{t("intro", { username: link.customer.username, wayIn: wayInWords(link.wayIn) })}</p>
          <p>{t("what")}</p>
          <button type="submit" className="button-primary">
            {t("button")}
          </button>
        </form>
      ) : (
        <>
          <Notice tone="danger">{t("invalid")}</Notice>
          <p>{t("invalidHelp", contact)}</p>
        </>
      )}
    </CardPage>
  );
}
