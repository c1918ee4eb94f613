import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { pendingEmailChange } from "@/lib/account/email-change";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import { requireCustomer } from "@/lib/auth/current-customer";
import { configuredProvider, linkedProviders } from "@/lib/auth/external-sign-in";
import { signInWithProviderAction } from "@/app/signin/actions";
import { EmailChangeForm } from "./email-change-form";
import { withdrawEmailChangeAction } from "./actions";
import { readerTimes } from "@/i18n/reader-times";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailChange"))("title") };
}

type EmailPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** "Change email address" (issue 16): the most careful screen in the portal (see lib/account/email-change.ts). */
export default async function ChangeEmailPage({ searchParams }: EmailPageProps) {
  const { customer, session } = await requireCustomer("/account/email");
  const t = await getTranslations("emailChange");
  const account = await getTranslations("account");
  const times = await readerTimes();
  const params = await searchParams;
  const pending = await pendingEmailChange(customer.id);
  const hasPassword = customer.passwordHash !== null;
  const providers = hasPassword ? [] : (await linkedProviders(customer.id)).flatMap((id) => configuredProvider(id) ?? []);
  const mayAsk = await hasRecentFullSignIn(customer, session);
  return (
    <CardPage headingId="email-heading" heading={t("title")} gap={4}>
      {params.sent === "1" && pending && <Notice tone="success">{t("sent", { email: pending.newEmail })}</Notice>}
      {params.withdrawn === "1" && <Notice tone="success">{t("withdrawn")}</Notice>}
      <p className="break-words">{t("current", { email: customer.email })}</p>
      {pending && params.sent !== "1" && (
        <div className="space-y-3 rounded-md border border-slate-300 p-4">
          <p className="break-words">{t("pending", { email: pending.newEmail, expires: times.time(pending.confirmExpiresAt) })}</p>
          <form action={withdrawEmailChangeAction}>
            <button type="submit" className="button-secondary">
              {t("withdraw")}
            </button>
          </form>
        </div>
      )}
      <p>{t("explanation")}</p>
      {!hasPassword && <p>{t("noPasswordIntro")}</p>}
      {mayAsk ? (
        <EmailChangeForm username={customer.username} askPassword={hasPassword} words={{ newEmail: t("newEmail"), currentPassword: t("currentPassword"), submit: t("submit") }} />
      ) : (
        <div className="space-y-3">
          <Notice tone="info">{t(hasPassword ? "reauthenticatePassword" : "reauthenticate")}</Notice>
          {hasPassword && (
            <Link href="/signin?again=account&callbackUrl=%2Faccount%2Femail" className="button-primary">
              {t("signInAgainWithPassword")}
            </Link>
          )}
          {providers.map((provider) => (
            <form key={provider.id} action={signInWithProviderAction}>
              <input type="hidden" name="provider" value={provider.id} />
              <input type="hidden" name="callbackUrl" value="/account/email" />
              <button type="submit" className="button-primary">
                {t("signInAgain", { provider: provider.name })}
              </button>
            </form>
          ))}
        </div>
      )}
      <Link href="/account" className="inline-block underline">
        {account("title")}
      </Link>
    </CardPage>
  );
}
