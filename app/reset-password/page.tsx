import type { Metadata } from "next";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { config } from "@/lib/config";
import { checkResetLink, resetCookieName } from "@/lib/auth/password-reset";
import { requestMeta } from "@/lib/http/client-ip";
import { passwordRequirements } from "@/lib/auth/password-policy";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Reset password" };

export default async function ResetPasswordPage() {
  const token = (await cookies()).get(resetCookieName())?.value;
  // S14: the page tells a good link from a bad one, so it obeys the same limit as the link itself.
  const link = await checkResetLink(token, requestMeta(await headers()), "page");

  return (
    <section aria-labelledby="reset-heading" className="card mx-auto max-w-xl">
      <h1 id="reset-heading" className="mb-5 text-2xl font-bold">
        Reset password
      </h1>
      {link ? (
        <ResetPasswordForm username={link.customer.username} minLength={config().passwordMinLength} requirements={passwordRequirements()} />
      ) : (
        <div className="space-y-4">
          <p role="alert" className="rounded-md border-l-4 border-danger-700 bg-danger-100 px-4 py-3 font-semibold text-danger-700">
            This reset link is invalid or has expired.
          </p>
          <p>
            A link works once and only for {config().resetTokenTtlMinutes} minutes, and a newer request replaces it. Ask for a new one and
            use the latest email.
          </p>
          <Link href="/forgot-password" className="button-primary">
            Request a new link
          </Link>
        </div>
      )}
    </section>
  );
}
