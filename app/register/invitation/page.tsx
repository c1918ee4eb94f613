import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AuthTabs } from "@/components/auth-tabs";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { requestMeta } from "@/lib/http/client-ip";
import { passwordWords } from "@/lib/forms/password-words";
import { checkInvitation, invitationCookieName, invitationTarget } from "@/lib/registration/invitations";
import { Notice } from "@/components/notice";
import { InvitationCodeForm, RedeemInvitationForm } from "./invitation-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("invitationTitle") };
}

type InvitationPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RedeemInvitationPage({ searchParams }: InvitationPageProps) {
  const { mode, termsUrl } = config().registration;
  if (mode === "off") notFound();
  if (await currentCustomer()) redirect("/account");
  const t = await getTranslations("registration");
  const expired = (await searchParams).expired === "1";
  // S14: the page tells a good code from a bad one, so it obeys the same limit as the form.
  const invitation = await checkInvitation((await cookies()).get(invitationCookieName())?.value, requestMeta(await headers()), "page");
  const target = invitation ? await invitationTarget(invitation) : null;
  return (
    <>
      <AuthTabs current="invitation" />
      <section aria-labelledby="invitation-heading" className="card mx-auto max-w-xl">
        <h1 id="invitation-heading" className="mb-5 text-2xl font-bold">
          {target?.kind === "set_password" ? t("setPasswordTitle") : t("invitationTitle")}
        </h1>
        {expired && (
          <Notice tone="danger" className="mb-4">
            {t("invitationExpired")}
          </Notice>
        )}
        {!invitation || !target ? (
          <InvitationCodeForm />
        ) : target.kind === "has_account" ? (
          <div className="space-y-4">
            <p role="status">{t("alreadyRegistered")}</p>
            <Link href="/signin" className="button-primary">
              {t("tabs.signIn")}
            </Link>
          </div>
        ) : (
          <RedeemInvitationForm
            email={invitation.email}
            setPasswordFor={target.kind === "set_password" ? target.customer.username : undefined}
            minLength={config().passwordMinLength}
            requirements={(await passwordWords()).requirements()}
            termsUrl={termsUrl}
          />
        )}
      </section>
    </>
  );
}
