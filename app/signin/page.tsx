import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { config } from "@/lib/config";
import { currentCustomer } from "@/lib/auth/current-customer";
import { signInWithProviderAction } from "./actions";
import { SignInForm } from "./signin-form";

/**
 * Plain words for what can go wrong on the way back from a provider; Auth.js's own error types
 * (denied consent, state mismatch, provider down) all get the last, general one.
 */
const notConnected =
  "That external account is not connected to an account here. If you have an account, sign in with your username and password, then connect it on your Account page.";
const errorMessages: Record<string, string> = {
  not_connected: notConnected,
  // Auth.js's own name for the same refusal.
  OAuthAccountNotLinked: notConnected,
  account_disabled: "This account cannot sign in. Please contact us.",
  session_ended: "Your session has ended. Sign in again, then connect the external account.",
  provider_unavailable: "The external sign-in service is not answering. Please try again later, or sign in with your username and password.",
  email_missing: "That external account did not share an email address with us, so it cannot be used to sign in here.",
};
const generalError = "Signing in did not work. Please try again.";

export const metadata: Metadata = { title: "Sign in" };

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await currentCustomer()) redirect(callbackPath);
  // Auth.js sends errors here (e.g. ?error=Configuration); say something plain, never the detail.
  const authError = typeof params.error === "string" ? (errorMessages[params.error] ?? generalError) : null;
  const providers = config().externalSignIn.providers;

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="local-heading" className="card">
        <h1 id="local-heading" className="mb-5 text-2xl font-bold">
          Sign in with a local account
        </h1>
        {authError && (
          <p role="alert" className="mb-4 rounded-md border-l-4 border-danger-700 bg-danger-100 px-4 py-3 font-semibold text-danger-700">
            {authError}
          </p>
        )}
        <SignInForm callbackUrl={callbackPath} />
      </section>
      {providers.length > 0 && (
        <section aria-labelledby="external-heading" className="card">
          <h2 id="external-heading" className="mb-5 text-2xl font-bold">
            Sign in with an external account
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
  );
}
