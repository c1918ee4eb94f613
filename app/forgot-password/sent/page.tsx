import type { Metadata } from "next";
import Link from "next/link";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Check your email" };

/** S16: the one answer every request gets, whatever address was typed. */
export default function CheckYourEmailPage() {
  const minutes = config().resetTokenTtlMinutes;
  return (
    <section aria-labelledby="forgot-heading" className="card mx-auto max-w-xl">
      <h1 id="forgot-heading" className="mb-5 text-2xl font-bold">
        Forgot your password?
      </h1>
      <p role="status" className="rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
        Please check your email to reset your password.
      </p>
      <p className="mt-4">
        If the address belongs to an account, a message with a reset link is on its way; it usually arrives within seconds. The link
        works once and expires in {minutes} minutes.
      </p>
      <p className="mt-4">
        Nothing arrived? Check your spam folder, or <Link href="/forgot-password">send another link</Link>.
      </p>
    </section>
  );
}
