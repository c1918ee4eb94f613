import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AuthTabs } from "@/components/auth-tabs";
import { CardPage } from "@/components/card-page";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { passwordWords } from "@/lib/forms/password-words";
import { RegisterForm } from "./register-form";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("title") };
}

async function RegisterPage() {
  const { mode, termsUrl } = config().registration;
  if (mode === "off") notFound();
  if (mode === "invitation") redirect("/register/invitation");
  if (await currentCustomer()) redirect("/account");
  const t = await getTranslations("registration");
  return (
    <>
      <AuthTabs current="register" />
      <CardPage headingId="register-heading" heading={t("title")}>
        <RegisterForm minLength={config().passwordMinLength} requirements={(await passwordWords()).requirements()} termsUrl={termsUrl} />
        <p className="mt-6 text-sm">{t.rich("haveAccount", { signIn: (chunks) => <Link href="/signin">{chunks}</Link> })}</p>
      </CardPage>
    </>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(RegisterPage);
