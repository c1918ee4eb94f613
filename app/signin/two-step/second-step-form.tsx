"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";
import { verifySecondStepAction } from "./actions";

// The code field's words come translated from the page: the method table names them, so the
// browser is sent only the words every method shares (issue 25).
type SecondStepFormProps = {
  method: string;
  codeField: Omit<SecondStepMethod["codeField"], "label" | "hint"> & { label: string; hint: string };
  callbackUrl: string;
  offerRememberBrowser: boolean;
};

/** The code of one method, its field as the method describes it (its words translated by the page); works without JavaScript (the action's answer is the next page). */
export function SecondStepForm({ method, codeField, callbackUrl, offerRememberBrowser }: SecondStepFormProps) {
  const form = useActionForm(verifySecondStepAction);
  const t = useTranslations("twoStep");
  return (
    <ActionForm id="second-step-form" form={form}>
      <input type="hidden" name="method" value={method} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField
        id="code"
        name="code"
        label={codeField.label}
        hint={codeField.hint}
        autoComplete="one-time-code"
        inputMode={codeField.inputMode}
        autoCapitalize="none"
        spellCheck={false}
        maxLength={codeField.maxLength}
        required
        autoFocus
        error={form.errors.code}
        className="text-input max-w-48 font-mono tracking-widest"
      />
      {offerRememberBrowser && (
        <div className="flex items-center gap-2">
          <input id="rememberBrowser" name="rememberBrowser" type="checkbox" className="size-5" />
          <label htmlFor="rememberBrowser">{t("rememberBrowser")}</label>
        </div>
      )}
      <SubmitButton>{t("verify")}</SubmitButton>
    </ActionForm>
  );
}
