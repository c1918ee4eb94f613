import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { requestMeta } from "@/lib/http/client-ip";
import { checkRegistrationLink, registrationCookieName } from "@/lib/registration/registration";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { ConfirmRegistrationForm } from "./confirm-registration-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("confirmTitle") };
}

export default async function ConfirmRegistrationPage() {
  const token = (await cookies()).get(registrationCookieName())?.value;
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const pending = await checkRegistrationLink(token, requestMeta(await headers()), "page");
  const t = await getTranslations("registration");
  return (
    <CardPage headingId="confirm-heading" heading={t("confirmTitle")}>
      {pending ? (
        <div className="space-y-4">
          <p>{t("confirmIntro", { username: pending.username, email: pending.email })}</p>
          <ConfirmRegistrationForm />
        </div>
      ) : (
        <div className="space-y-4">
          <Notice tone="danger">
            {t("invalidLink")}
          </Notice>
          <p>{t("invalidLinkHelp")}</p>
          <Link href="/register" className="button-primary">
            {t("registerAgain")}
          </Link>
        </div>
      )}
    </CardPage>
  );
}
