import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { maskEmail } from "@/lib/auth/masked-email";
import { requireCustomer } from "@/lib/auth/current-customer";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { emailCodeMethod } from "@/lib/auth/two-step/methods/email-code";
import { confirmEmailCodesAction, resendEmailCodesAction } from "../actions";
import { CodeConfirmForm } from "../code-confirm-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoStep.setUpEmail"))("title") };
}

type EmailCodesPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Turning on codes by email: the first code proves they reach the customer. */
export default async function EmailCodesSetUpPage({ searchParams }: EmailCodesPageProps) {
  const { customer } = await requireCustomer("/account/two-step/email");
  const t = await getTranslations("twoStep");
  const resent = (await searchParams).resent === "1";
  return (
    <CardPage headingId="set-up-email-heading" heading={t("setUpEmail.title")} gap={5}>
      {resent && (
        <Notice tone="success">
          {t("resent")}
        </Notice>
      )}
      <p>{t("setUpEmail.intro", { email: maskEmail(customer.email) })}</p>
      <CodeConfirmForm method={emailCodeMethod.id} confirm={confirmEmailCodesAction} confirmLabel={t("setUpEmail.confirm")} />
      <form action={resendEmailCodesAction}>
        <button type="submit" className="button-secondary">
          {t("resend")}
        </button>
      </form>
    </CardPage>
  );
}
