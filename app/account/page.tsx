import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { displayName, requireCustomer } from "@/lib/auth/current-customer";
import { linkedProviders } from "@/lib/auth/external-sign-in";
import { config } from "@/lib/config";
import { passwordWords } from "@/lib/i18n/password-words";
import { connectProviderAction, disconnectProviderAction, setPasswordAction, signOutEverywhereAction } from "./actions";
import { ChangePasswordForm } from "./change-password-form";
import { TwoStepSection } from "./two-step-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

type AccountPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const { customer } = await requireCustomer("/account");
  const t = await getTranslations("account");
  const params = await searchParams;
  const changed = params.password === "changed";
  const linkSent = params.password === "link-sent";
  // Only the portal's own messages are shown: the query names one, it never carries text (issue 11).
  const refused = params.refused === "last_method" || params.refused === "not_connected" ? t(`refused.${params.refused}`) : null;
  const providers = config().externalSignIn.providers;
  const linked = await linkedProviders(customer.id);
  const hasPassword = customer.passwordHash !== null;
  return (
    <div className="space-y-6">
      <section aria-labelledby="profile-heading" className="card">
        <h1 id="profile-heading" className="mb-4 text-2xl font-bold">
          {t("title")}
        </h1>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("name")}</dt>
          <dd>{displayName(customer)}</dd>
          <dt className="font-semibold">{t("username")}</dt>
          <dd>{customer.username}</dd>
          <dt className="font-semibold">{t("email")}</dt>
          <dd className="break-all">{customer.email}</dd>
        </dl>
      </section>
      {(providers.length > 0 || linked.length > 0) && (
        <section aria-labelledby="external-heading" className="card">
          <h2 id="external-heading" className="mb-4 text-xl font-semibold">
            {t("externalHeading")}
          </h2>
          {refused && (
            <p role="alert" className="mb-4 rounded-md border-l-4 border-danger-700 bg-danger-100 px-4 py-3 font-semibold text-danger-700">
              {refused}
            </p>
          )}
          <ul className="space-y-3">
            {providers.map((provider) => {
              const connected = linked.includes(provider.id);
              return (
                <li key={provider.id} className="flex flex-wrap items-center justify-between gap-3">
                  <span>{t(connected ? "connected" : "notConnected", { provider: provider.name })}</span>
                  <form action={connected ? disconnectProviderAction : connectProviderAction}>
                    <input type="hidden" name="provider" value={provider.id} />
                    <button type="submit" className="button-secondary">
                      {t.rich(connected ? "disconnect" : "connect", {
                        provider: provider.name,
                        hidden: (chunks) => <span className="sr-only">{chunks}</span>,
                      })}
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading" className="mb-4 text-xl font-semibold">
          {hasPassword ? t("changePasswordHeading") : t("setPasswordHeading")}
        </h2>
        {changed && (
          <p role="status" className="mb-4 rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
            {t("passwordChanged")}
          </p>
        )}
        {linkSent && (
          <p role="status" className="mb-4 rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
            {t("setPasswordSent")}
          </p>
        )}
        {hasPassword ? (
          <ChangePasswordForm username={customer.username} minLength={config().passwordMinLength} requirements={(await passwordWords()).requirements()} />
        ) : (
          <form action={setPasswordAction} className="space-y-3">
            <p>{t("setPasswordIntro", { username: customer.username })}</p>
            <button type="submit" className="button-primary">
              {t("setPasswordButton")}
            </button>
          </form>
        )}
      </section>
      <TwoStepSection customer={customer} done={params["two-step"]} />
      <section aria-labelledby="devices-heading" className="card">
        <h2 id="devices-heading" className="mb-2 text-xl font-semibold">
          {t("signOutEverywhereHeading")}
        </h2>
        <p className="mb-4">{t("signOutEverywhereIntro")}</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="button-secondary">
            {t("signOutEverywhereButton")}
          </button>
        </form>
      </section>
    </div>
  );
}
