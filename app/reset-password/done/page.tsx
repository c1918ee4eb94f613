import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Password reset" };

export default function PasswordResetDonePage() {
  return (
    <section aria-labelledby="reset-heading" className="card mx-auto max-w-xl">
      <h1 id="reset-heading" className="mb-5 text-2xl font-bold">
        Reset password
      </h1>
      <p role="status" className="rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
        Your password has been reset.
      </p>
      <p className="my-4">Sign in with your username and your new password. Every device that was signed in has been signed out.</p>
      <Link href="/signin" className="button-primary">
        Sign in
      </Link>
    </section>
  );
}
