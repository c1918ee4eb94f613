"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/submit-button";
import { renewRecoveryCodesAction } from "../actions";
import { RecoveryCodesList } from "../recovery-codes-list";

export function RenewRecoveryCodesForm() {
  const form = useActionForm(renewRecoveryCodesAction);
  const t = useTranslations("twoStep.recoveryCodes");
  if (form.state.status === "success" && form.values.recoveryCodes) return <RecoveryCodesList codes={form.values.recoveryCodes.split(" ")} doneHref="/account#two-step-heading" />;
  return (
    <ActionForm id="renew-codes-form" form={form} className="space-y-4">
      <p>{t("intro")}</p>
      <SubmitButton>{t("make")}</SubmitButton>
    </ActionForm>
  );
}
