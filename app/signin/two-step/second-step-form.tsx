"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";
import { idleForm, type FormState } from "@/lib/http/form";
import { verifySecondStepAction, type SecondStepField } from "./actions";

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
  const [state, action] = useActionState<FormState<SecondStepField>, FormData>(verifySecondStepAction, idleForm);
  const t = useTranslations("twoStep");
  return (
    <form id="second-step-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="second-step-form" />
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
        error={state.fieldErrors?.code}
        className="text-input max-w-48 font-mono tracking-widest"
      />
      {offerRememberBrowser && (
        <div className="flex items-center gap-2">
          <input id="rememberBrowser" name="rememberBrowser" type="checkbox" className="size-5" />
          <label htmlFor="rememberBrowser">{t("rememberBrowser")}</label>
        </div>
      )}
      <SubmitButton>{t("verify")}</SubmitButton>
    </form>
  );
}
