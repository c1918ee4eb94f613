"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { NewPasswordFields } from "@/components/new-password-fields";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { enterInvitationCodeAction, redeemInvitationAction, type InvitationCodeField, type RedeemField } from "./actions";

export function InvitationCodeForm() {
  const [state, action] = useActionState<FormState<InvitationCodeField>, FormData>(enterInvitationCodeAction, idleForm);
  const t = useTranslations("registration");
  return (
    <form id="invitation-code-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="invitation-code-form" />
      <FormField
        id="code"
        name="code"
        label={t("invitationCode")}
        hint={t("invitationCodeHint")}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={20}
        defaultValue={state.values?.code}
        error={state.fieldErrors?.code}
        autoFocus={fieldToFocus(state, ["code"]) === "code"}
      />
      <SubmitButton>{t("continue")}</SubmitButton>
    </form>
  );
}

type RedeemFormProps = { email: string; setPasswordFor?: string; minLength: number; requirements: string; termsUrl?: string };

/** The Register form with the invited address filled in and already confirmed, or "Set your password" for an existing record. */
export function RedeemInvitationForm({ email, setPasswordFor, minLength, requirements, termsUrl }: RedeemFormProps) {
  const [state, action] = useActionState<FormState<RedeemField>, FormData>(redeemInvitationAction, idleForm);
  const t = useTranslations("registration");
  const focus = fieldToFocus(state, ["username", "password", "confirmPassword", "terms"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="redeem-invitation-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="redeem-invitation-form" />
      <FormField id="invited-email" label={t("email")} type="email" value={email} readOnly autoComplete="email" hint={t("emailConfirmedByInvitation")} />
      {setPasswordFor ? (
        <FormField id="username" label={t("username")} value={setPasswordFor} readOnly autoComplete="username" />
      ) : (
        <FormField id="username" name="username" label={t("username")} autoComplete="username" required maxLength={64} hint={t("usernameHint")} defaultValue={state.values?.username} error={errors.username} autoFocus={focus === "username"} />
      )}
      <NewPasswordFields name="password" label={t("password")} confirmLabel={t("confirmPassword")} minLength={minLength} requirements={requirements} errors={errors} focus={focus} cleared={state.status === "error"} />
      {termsUrl && !setPasswordFor && (
        <div className="space-y-1">
          <div className="flex items-start gap-2">
            <input id="terms" name="terms" type="checkbox" required className="mt-1 size-5" aria-invalid={errors.terms ? true : undefined} aria-describedby={errors.terms ? "terms-error" : undefined} autoFocus={focus === "terms"} />
            <label htmlFor="terms">{t.rich("terms", { link: (chunks) => <a href={termsUrl}>{chunks}</a> })}</label>
          </div>
          {errors.terms && (
            <p id="terms-error" className="text-sm font-semibold text-danger-700">
              {errors.terms}
            </p>
          )}
        </div>
      )}
      <SubmitButton pendingLabel={t("submitting")}>{setPasswordFor ? t("setPassword") : t("submit")}</SubmitButton>
    </form>
  );
}
