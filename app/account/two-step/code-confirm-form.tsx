"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { idleForm } from "@/lib/http/form";
import type { RecoveryCodesState } from "./actions";
import { RecoveryCodesList } from "./recovery-codes-list";

type CodeConfirmFormProps = {
  /** The method being turned on (its id, for the notice on /account) and the action that checks its first code. */
  method: string;
  confirm: (previous: RecoveryCodesState, formData: FormData) => Promise<RecoveryCodesState>;
  /** The submit button's words. */
  confirmLabel: string;
  intro?: ReactNode;
  closed?: ReactNode;
};

/**
 * The first code of a method being turned on; then, once, the recovery codes made with it. `intro`
 * goes above the form; `closed`, when given, replaces it (nothing is being turned on).
 */
export function CodeConfirmForm({ method, confirm, confirmLabel, intro, closed }: CodeConfirmFormProps) {
  const [state, action] = useActionState<RecoveryCodesState, FormData>(confirm, idleForm);
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
        <SubmitButton>{confirmLabel}</SubmitButton>
      </form>
    </>
  );
}
