"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { idleForm } from "@/lib/http/form";
import { confirmAuthenticatorAction, confirmEmailCodesAction, type RecoveryCodesState } from "./actions";
import { RecoveryCodesList } from "./recovery-codes-list";

const actions = { authenticator_app: confirmAuthenticatorAction, email_code: confirmEmailCodesAction };

/**
 * The first code of a method being turned on; then, once, the recovery codes made with it. `intro`
 * goes above the form; `closed`, when given, replaces it (nothing is being turned on).
 */
export function CodeConfirmForm({ method, intro, closed }: { method: keyof typeof actions; intro?: ReactNode; closed?: ReactNode }) {
  const [state, action] = useActionState<RecoveryCodesState, FormData>(actions[method], idleForm);
  const t = useTranslations("twoStep");
  if (state.status === "success" && state.values?.recoveryCodes) return <RecoveryCodesList codes={state.values.recoveryCodes.split(" ")} doneHref={`/account?two-step=${method}_on`} />;
  if (closed) return closed;
  return (
    <>
      {intro}
      <form id="code-confirm-form" action={action} className="space-y-5" noValidate>
        <FormMessage state={state} formId="code-confirm-form" />
        <FormField
          id="code"
          name="code"
          label={t("codeLabel")}
          hint={t("codeHint")}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={12}
          required
          error={state.fieldErrors?.code}
          className="text-input max-w-48 font-mono tracking-widest"
        />
        <SubmitButton>{method === "authenticator_app" ? t("setUpApp.confirm") : t("setUpEmail.confirm")}</SubmitButton>
      </form>
    </>
  );
}
