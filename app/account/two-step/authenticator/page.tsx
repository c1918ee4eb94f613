import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireCustomer } from "@/lib/auth/current-customer";
import { pendingAuthenticatorSetUp } from "@/lib/auth/two-step/authenticator-app";
import { authenticatorAppMethod } from "@/lib/auth/two-step/methods/authenticator-app";
import { confirmAuthenticatorAction } from "../actions";
import { CodeConfirmForm } from "../code-confirm-form";
import { CardPage } from "@/components/card-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoStep.setUpApp"))("title") };
}

/** Setting up an authenticator app: the QR code (made on the server) and the key as text, then the first code. */
export default async function AuthenticatorSetUpPage() {
  const { customer } = await requireCustomer("/account/two-step/authenticator");
  const t = await getTranslations("twoStep.setUpApp");
  const setUp = await pendingAuthenticatorSetUp(customer);
  return (
    <CardPage headingId="set-up-app-heading" heading={t("title")} gap={5}>
      {/* One CodeConfirmForm in every case, at the same place: without JavaScript the page is drawn
          again after the first code, when nothing is pending any more, and the form's answer (the
          recovery codes, shown once) must still find its form. */}
      <CodeConfirmForm
        method={authenticatorAppMethod.id}
        confirm={confirmAuthenticatorAction}
        confirmLabel={t("confirm")}
        intro={
          setUp && (
            <>
              <p>{t("scan")}</p>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server; nothing to optimise */}
              <img src={setUp.qrCode} alt={t("qrAlt")} width={200} height={200} className="rounded-md border border-slate-300 bg-white" />
              <p>{t("manual")}</p>
              <p className="font-mono text-lg break-all" translate="no">
                {setUp.secret}
              </p>
              <p>{t("enter")}</p>
            </>
          )
        }
        closed={
          setUp ? null : (
            <>
              <p>{t("notStarted")}</p>
              <Link href="/account#two-step-heading" className="button-primary">
                {t("backToAccount")}
              </Link>
            </>
          )
        }
      />
    </CardPage>
  );
}
