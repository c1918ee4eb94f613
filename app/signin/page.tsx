import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthTabs } from "@/components/auth-tabs";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { Notice } from "@/components/notice";
import { signInWithProviderAction } from "./actions";
import { PasskeySignIn } from "./passkey-sign-in";
import { SignInForm } from "./signin-form";

/**
 * Plain words for what can go wrong on the way back from a provider; Auth.js's own error types
 * (denied consent, state mismatch, provider down) all get the last, general one.
 */
const externalErrors = {
  not_connected: "notConnected",
  // Auth.js's own name for the same refusal.
  OAuthAccountNotLinked: "notConnected",
  account_disabled: "accountDisabled",
  reset_required: "resetRequired",
  reauthenticate: "reauthenticate",
  session_ended: "sessionEnded",
  provider_unavailable: "providerUnavailable",
  email_missing: "emailMissing",
} as const;

/** Issue 26: what Sign in says when a form posted with an ended session was kept (?kept=). */
const KEPT_NOTICES = { reply: "keptReply", note: "keptNote", case: "keptCase", changes: "keptChanges" } as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  // Issue 17: a signed-in customer is sent here to sign in again before changing two-step verification.
  // Issue 22: and before adding any other way in (S48).
  const again = params.again === "two-step" || params.again === "account";
  // Issue 26: why the visitor is here after a form posted with an ended session was kept. Note:
  // own keys only — ?kept=constructor must not find Object's.
  const kept = typeof params.kept === "string" && Object.hasOwn(KEPT_NOTICES, params.kept) ? KEPT_NOTICES[params.kept as keyof typeof KEPT_NOTICES] : null;
  if (!again && (await currentCustomer())) redirect(callbackPath);
  const t = await getTranslations("signIn");
  // Auth.js sends errors here (e.g. ?error=Configuration); say something plain, never the detail.
  const errorKey =
    typeof params.error === "string" ? (Object.hasOwn(externalErrors, params.error) ? externalErrors[params.error as keyof typeof externalErrors] : "externalFailed") : null;
  const providers = config().externalSignIn.providers;

  return (
    <>
    <AuthTabs current="signIn" />
    {/* With no external provider the one card is centred, as Register, Redeem and Forgot are. */}
    <div className={providers.length > 0 ? "grid gap-6 md:grid-cols-2" : ""}>
      <section aria-labelledby="local-heading" className={providers.length > 0 ? "card" : "card mx-auto max-w-xl"}>
        <h1 id="local-heading" className="mb-5 text-2xl font-bold">
          {t("localHeading")}
        </h1>
        {/* Sent here on the way to Create Case: say so, not just "Sign in". */}
        {!again && callbackPath.startsWith("/support/cases/new") && (
          <Notice tone="info" className="mb-4">
            {t("toCreateCase")}
          </Notice>
        )}
        {again && (
          <Notice tone="info" className="mb-4">
            {t(params.again === "account" ? "signInAgainAccount" : "signInAgain")}
          </Notice>
        )}
        {kept && (
          <Notice tone="info" className="mb-4">
            {t(kept)}
          </Notice>
        )}
        {errorKey && (
          <Notice tone="danger" className="mb-4">
            {t(`external.${errorKey}`)}
          </Notice>
        )}
        <SignInForm callbackUrl={callbackPath} />
        <PasskeySignIn callbackUrl={callbackPath} />
      </section>
      {providers.length > 0 && (
        <section aria-labelledby="external-heading" className="card">
          <h2 id="external-heading" className="mb-5 text-2xl font-bold">
            {t("externalHeading")}
          </h2>
          <ul className="space-y-3">
            {providers.map((provider) => (
              <li key={provider.id}>
                <form action={signInWithProviderAction}>
                  <input type="hidden" name="provider" value={provider.id} />
                  <input type="hidden" name="callbackUrl" value={callbackPath} />
                  <button type="submit" className="button-secondary w-full">
                    {provider.name}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
    </>
  );
}
