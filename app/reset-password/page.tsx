import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { checkResetLink, resetCookieName } from "@/lib/auth/password-reset";
import { config } from "@/lib/config";
import { requestMeta } from "@/lib/http/client-ip";
import { passwordWords } from "@/lib/forms/password-words";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { ResetPasswordForm } from "./reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("resetPassword"))("title") };
}

export default async function ResetPasswordPage() {
  const token = (await cookies()).get(resetCookieName())?.value;
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const link = await checkResetLink(token, requestMeta(await headers()), "page");
  const t = await getTranslations("resetPassword");

  return (
    <CardPage headingId="reset-heading" heading={t("title")}>
      {link ? (
        <ResetPasswordForm username={link.customer.username} minLength={config().passwordMinLength} requirements={(await passwordWords()).requirements()} />
      ) : (
        <div className="space-y-4">
          <Notice tone="danger">
            {t("invalidLink")}
          </Notice>
          <p>{t("invalidLinkHelp", { minutes: config().resetTokenTtlMinutes })}</p>
          <Link href="/forgot-password" className="button-primary">
            {t("requestNew")}
          </Link>
        </div>
      )}
    </CardPage>
  );
}
