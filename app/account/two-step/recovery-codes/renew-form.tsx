"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { idleForm } from "@/lib/http/form";
import { renewRecoveryCodesAction, type RecoveryCodesState } from "../actions";
import { RecoveryCodesList } from "../recovery-codes-list";

export function RenewRecoveryCodesForm() {
  const [state, action] = useActionState<RecoveryCodesState, FormData>(renewRecoveryCodesAction, idleForm);
  const t = useTranslations("twoStep.recoveryCodes");
  if (state.status === "success" && state.values?.recoveryCodes) return <RecoveryCodesList codes={state.values.recoveryCodes.split(" ")} doneHref="/account#two-step-heading" />;
  return (
    <form id="renew-codes-form" action={action} className="space-y-4">
      <FormMessage state={state} formId="renew-codes-form" />
      <p>{t("intro")}</p>
      <SubmitButton>{t("make")}</SubmitButton>
    </form>
  );
}
