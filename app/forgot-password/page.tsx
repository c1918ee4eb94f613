import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";
import { CardPage } from "@/components/card-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgotPassword"))("title") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("forgotPassword");
  return (
    <CardPage headingId="forgot-heading" heading={t("title")}>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm">{t.rich("remembered", { signIn: (chunks) => <Link href="/signin">{chunks}</Link> })}</p>
    </CardPage>
  );
}
