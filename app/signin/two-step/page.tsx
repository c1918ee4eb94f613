import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { maskEmail } from "@/lib/auth/masked-email";
import { methodContext, pendingSecondStep } from "@/lib/auth/two-step/second-step";
import { config } from "@/lib/config";
import { supportContactValues } from "@/lib/support/contact-details";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";
import { resendCodeAction } from "./actions";
import { SecondStepForm } from "./second-step-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoStep"))("title") };
}

type SecondStepPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The second step of a sign-in (issue 17). Only the browser that just gave the right password
 * sees anything here (the pending state's cookie), so it tells nobody else anything; the address
 * is masked.
 */
export default async function SecondStepPage({ searchParams }: SecondStepPageProps) {
  const t = await getTranslations("twoStep");
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const pending = await pendingSecondStep();
  if (!pending || pending.methods.length === 0) {
    return (
      <CardPage headingId="two-step-heading" heading={t("title")} gap={4}>
        <p>{t("expired")}</p>
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="button-primary">
          {t("signIn")}
        </Link>
      </CardPage>
    );
  }
  const { customer, methods, state } = pending;
  // The methods come from the table (lib/auth/two-step/methods.ts): this page names none of them.
  const method = methods.find((candidate) => candidate.id === params.method) ?? methods[0];
  const email = maskEmail(customer.email);
  const wait = typeof params.wait === "string" && /^\d{1,3}$/.test(params.wait) ? Number(params.wait) : null;
  const codeSent = method.sendsCode ? await method.sendsCode.isWaiting(customer.id) : false;
  const instructions = t(`instructions.${method.instructions({ ...methodContext(state, method), codeSent })}`, { email });
  return (
    <CardPage headingId="two-step-heading" heading={t("title")} gap={5}>
      {params.resent === "1" && method.sendsCode && (
        <Notice tone="success">
          {t("resent")}
        </Notice>
      )}
      {wait !== null && method.sendsCode && (
        <Notice tone="info">
          {t("resendWait", { seconds: wait })}
        </Notice>
      )}
      <p id="two-step-instructions">{instructions}</p>
      <SecondStepForm key={method.id} method={method.id} codeField={{ ...method.codeField, label: t(method.codeField.label), hint: t(method.codeField.hint) }} callbackUrl={callbackUrl} offerRememberBrowser={customer.role === "customer" && state.on} />
      {method.sendsCode && (
        <form action={resendCodeAction}>
          <input type="hidden" name="method" value={method.id} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="button-secondary">
            {codeSent ? t("resend") : t("sendCode")}
          </button>
        </form>
      )}
      {methods.length > 1 && (
        <nav aria-labelledby="other-ways-heading" className="space-y-2 border-t border-slate-200 pt-4">
          <h2 id="other-ways-heading" className="font-semibold">
            {t("otherWays")}
          </h2>
          <ul className="list-inside list-disc space-y-1">
            {methods
              .filter((other) => other.id !== method.id)
              .map((other) => (
                <li key={other.id}>
                  <Link href={`/signin/two-step?${new URLSearchParams({ method: other.id, callbackUrl })}`}>{t(`useMethod.${other.id}`)}</Link>
                </li>
              ))}
          </ul>
        </nav>
      )}
      <p className="text-sm text-slate-600">{t("lostAccess", supportContactValues(config().branding))}</p>
    </CardPage>
  );
}
