import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentCustomer } from "@/lib/auth/current-customer";
import { verifyStaffSessionAction } from "../actions";
import { CardPage } from "@/components/card-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoStep"))("staffTitle") };
}

type StaffVerificationPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where a staff page sends a staff session that did not pass two-step verification (issue 17). */
export default async function StaffVerificationPage({ searchParams }: StaffVerificationPageProps) {
  const t = await getTranslations("twoStep");
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (!(await currentCustomer())) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return (
    <CardPage headingId="staff-two-step-heading" heading={t("staffTitle")} gap={4}>
      <p>{t("staffIntro")}</p>
      <form action={verifyStaffSessionAction}>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <button type="submit" className="button-primary">
          {t("staffContinue")}
        </button>
      </form>
    </CardPage>
  );
}
