import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/callback-url";
import { currentCustomer } from "@/lib/current-customer";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await currentCustomer()) redirect(callbackPath);
  // Auth.js sends errors here (e.g. ?error=Configuration); say something plain, never the detail.
  const authError = typeof params.error === "string";

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="local-heading" className="card">
        <h1 id="local-heading" className="mb-5 text-2xl font-bold">
          Sign in with a local account
        </h1>
        {authError && (
          <p role="alert" className="mb-4 rounded-md border-l-4 border-danger-700 bg-danger-100 px-4 py-3 font-semibold text-danger-700">
            Signing in did not work. Please try again.
          </p>
        )}
        <SignInForm callbackUrl={callbackPath} />
      </section>
      {/* "Sign in with an external account" lists the configured identity providers; none is configured yet. */}
    </div>
  );
}
