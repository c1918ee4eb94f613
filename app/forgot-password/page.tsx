import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <section aria-labelledby="forgot-heading" className="card mx-auto max-w-xl">
      <h1 id="forgot-heading" className="mb-5 text-2xl font-bold">
        Forgot your password?
      </h1>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm">
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </section>
  );
}
