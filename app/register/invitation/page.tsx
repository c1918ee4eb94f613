import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AuthTabs } from "@/components/auth-tabs";
import { CardPage } from "@/components/card-page";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { requestMeta } from "@/lib/http/client-ip";
import { passwordWords } from "@/lib/forms/password-words";
import { checkInvitation, invitationCookieName, invitationTarget } from "@/lib/registration/invitations";
import { Notice } from "@/components/notice";
import { InvitationCodeForm, RedeemInvitationForm } from "./invitation-forms";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("invitationTitle") };
}

type InvitationPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

async function RedeemInvitationPage({ searchParams }: InvitationPageProps) {
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
      <CardPage headingId="invitation-heading" heading={target?.kind === "set_password" ? t("setPasswordTitle") : t("invitationTitle")}>
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
      </CardPage>
    </>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(RedeemInvitationPage);
