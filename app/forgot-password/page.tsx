import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgotPassword"))("title") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("forgotPassword");
  return (
    <section aria-labelledby="forgot-heading" className="card mx-auto max-w-xl">
      <h1 id="forgot-heading" className="mb-5 text-2xl font-bold">
        {t("title")}
      </h1>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm">{t.rich("remembered", { signIn: (chunks) => <Link href="/signin">{chunks}</Link> })}</p>
    </section>
  );
}
