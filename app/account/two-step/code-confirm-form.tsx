"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import type { ReactNode } from "react";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
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
  const form = useActionForm(confirm);
  const t = useTranslations("twoStep");
  if (form.state.status === "success" && form.values.recoveryCodes) return <RecoveryCodesList codes={form.values.recoveryCodes.split(" ")} doneHref={`/account?two-step=${method}_on`} />;
  if (closed) return closed;
  return (
    <>
      {intro}
      <ActionForm id="code-confirm-form" form={form}>
        <FormField
          id="code"
          name="code"
          label={t("codeLabel")}
          hint={t("codeHint")}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={12}
          required
          error={form.errors.code}
          className="text-input max-w-48 font-mono tracking-widest"
        />
        <SubmitButton>{confirmLabel}</SubmitButton>
      </ActionForm>
    </>
  );
}
