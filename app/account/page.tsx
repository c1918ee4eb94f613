import type { Metadata } from "next";
import { config } from "@/lib/config";
import { displayName, requireCustomer } from "@/lib/auth/current-customer";
import { passwordRequirements } from "@/lib/auth/password-policy";
import { connectProviderAction, disconnectProviderAction, setPasswordAction, signOutEverywhereAction } from "./actions";
import { linkedProviders } from "@/lib/auth/external-sign-in";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };

const refusals = {
  last_method: "This is your only way to sign in. Set a password first, then you can disconnect it.",
  not_connected: "That account is not connected.",
} as const;

type AccountPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const { customer } = await requireCustomer("/account");
  const params = await searchParams;
  const changed = params.password === "changed";
  const linkSent = params.password === "link-sent";
  // Only the portal's own messages are shown: the query names one, it never carries text (issue 11).
  const refused = params.refused === "last_method" || params.refused === "not_connected" ? refusals[params.refused] : null;
  const providers = config().externalSignIn.providers;
  const linked = await linkedProviders(customer.id);
  const hasPassword = customer.passwordHash !== null;
  return (
    <div className="space-y-6">
      <section aria-labelledby="profile-heading" className="card">
        <h1 id="profile-heading" className="mb-4 text-2xl font-bold">
          Account
        </h1>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">Name</dt>
          <dd>{displayName(customer)}</dd>
          <dt className="font-semibold">Username</dt>
          <dd>{customer.username}</dd>
          <dt className="font-semibold">Email</dt>
          <dd className="break-all">{customer.email}</dd>
        </dl>
      </section>
      {(providers.length > 0 || linked.length > 0) && (
        <section aria-labelledby="external-heading" className="card">
          <h2 id="external-heading" className="mb-4 text-xl font-semibold">
            External accounts
          </h2>
          {refused && (
            <p role="alert" className="mb-4 rounded-md border-l-4 border-danger-700 bg-danger-100 px-4 py-3 font-semibold text-danger-700">
              {refused}
            </p>
          )}
          <ul className="space-y-3">
            {providers.map((provider) => (
              <li key={provider.id} className="flex flex-wrap items-center justify-between gap-3">
                <span>
                  {provider.name}: {linked.includes(provider.id) ? "connected" : "not connected"}
                </span>
                <form action={linked.includes(provider.id) ? disconnectProviderAction : connectProviderAction}>
                  <input type="hidden" name="provider" value={provider.id} />
                  <button type="submit" className="button-secondary">
                    {linked.includes(provider.id) ? "Disconnect" : "Connect"}
                    <span className="sr-only"> {provider.name}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading" className="mb-4 text-xl font-semibold">
          {hasPassword ? "Change password" : "Set a password"}
        </h2>
        {changed && (
          <p role="status" className="mb-4 rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
            Your password has been changed. Every other device has been signed out.
          </p>
        )}
        {linkSent && (
          <p role="status" className="mb-4 rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
            We have emailed you a link to set your password.
          </p>
        )}
        {hasPassword ? (
          <ChangePasswordForm username={customer.username} minLength={config().passwordMinLength} requirements={passwordRequirements()} />
        ) : (
          <form action={setPasswordAction} className="space-y-3">
            <p>You sign in with an external account only. Set a password to sign in with your username ({customer.username}) too.</p>
            <button type="submit" className="button-primary">
              Set a password
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="devices-heading" className="card">
        <h2 id="devices-heading" className="mb-2 text-xl font-semibold">
          Sign out of all devices
        </h2>
        <p className="mb-4">Ends every session of your account, on this device and every other.</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="button-secondary">
            Sign out of all devices
          </button>
        </form>
      </section>
    </div>
  );
}
