import type { Metadata } from "next";
import { config } from "@/lib/config";
import { displayName, requireCustomer } from "@/lib/current-customer";
import { passwordRequirements } from "@/lib/password-policy";
import { signOutEverywhereAction } from "./actions";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };

type AccountPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const { customer } = await requireCustomer("/account");
  const changed = (await searchParams).password === "changed";
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
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading" className="mb-4 text-xl font-semibold">
          Change password
        </h2>
        {changed && (
          <p role="status" className="mb-4 rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
            Your password has been changed. Every other device has been signed out.
          </p>
        )}
        <ChangePasswordForm username={customer.username} minLength={config().passwordMinLength} requirements={passwordRequirements()} />
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
