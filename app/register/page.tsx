import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AuthTabs } from "@/components/auth-tabs";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { passwordWords } from "@/lib/forms/password-words";
import { RegisterForm } from "./register-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("title") };
}

export default async function RegisterPage() {
  const { mode, termsUrl } = config().registration;
  if (mode === "off") notFound();
  if (mode === "invitation") redirect("/register/invitation");
  if (await currentCustomer()) redirect("/account");
  const t = await getTranslations("registration");
  return (
    <>
      <AuthTabs current="register" />
      <section aria-labelledby="register-heading" className="card mx-auto max-w-xl">
        <h1 id="register-heading" className="mb-5 text-2xl font-bold">
          {t("title")}
        </h1>
        <RegisterForm minLength={config().passwordMinLength} requirements={(await passwordWords()).requirements()} termsUrl={termsUrl} />
        <p className="mt-6 text-sm">{t.rich("haveAccount", { signIn: (chunks) => <Link href="/signin">{chunks}</Link> })}</p>
      </section>
    </>
  );
}
