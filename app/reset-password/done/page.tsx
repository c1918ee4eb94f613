import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { customerUnderReview, waysInOf } from "@/lib/auth/after-reset";
import { CardPage } from "@/components/card-page";
import { wayInWords } from "@/lib/auth/ways-in";
import { Notice } from "@/components/notice";
import { removeWayInAction } from "./actions";
import { readerTimes } from "@/i18n/reader-times";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("resetPassword"))("doneTitle") };
}

type DonePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const outcomes = ["removed", "not_found", "required", "no_review"] as const;

/**
 * Issue 22: besides "Your password has been reset.", the browser that made the reset sees the
 * account's ways in, with when each was added, and may remove any of them for 10 minutes
 * (lib/auth/after-reset.ts); any other visitor sees only the first part.
 */
export default async function PasswordResetDonePage({ searchParams }: DonePageProps) {
  const t = await getTranslations("resetPassword");
  const times = await readerTimes();
  const params = await searchParams;
  const outcome = outcomes.find((candidate) => candidate === params.removed) ?? null;
  const customer = await customerUnderReview();
  const ways = customer ? await waysInOf(customer) : [];
  return (
    <CardPage headingId="reset-heading" heading={t("title")} gap={4}>
      <Notice tone="success">
        {t("done")}
      </Notice>
      <p>{t("doneHelp")}</p>
      {customer && (
        <div className="space-y-3">
          <h2 id="ways-in-heading" className="text-xl font-semibold">
            {t("waysInHeading")}
          </h2>
          {outcome && <Notice tone={outcome === "removed" ? "success" : "info"}>{t(`waysInOutcome.${outcome}`)}</Notice>}
          <p>{t("waysInIntro")}</p>
          {ways.length === 0 ? (
            <p>{t("waysInNone")}</p>
          ) : (
            <ul className="space-y-2">
              {ways.map((way) => (
                <li key={`${way.kind}:${way.id}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-300 p-3">
                  <span className="break-words">
                    {t("wayIn", { kind: wayInWords(way.kind), name: way.name ?? "", left: way.left ?? 0 })}
                    {" — "}
                    {way.addedAt ? t("addedAt", { when: times.time(way.addedAt) }) : t("addedUnknown")}
                  </span>
                  <form action={removeWayInAction}>
                    <input type="hidden" name="kind" value={way.kind} />
                    <input type="hidden" name="id" value={way.id} />
                    <button type="submit" className="button-secondary">
                      {t("remove")}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!customer && outcome === "no_review" && <Notice tone="info">{t("waysInOutcome.no_review")}</Notice>}
      <Link href="/signin" className="button-primary">
        {t("signIn")}
      </Link>
    </CardPage>
  );
}
