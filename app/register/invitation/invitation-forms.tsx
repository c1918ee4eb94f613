"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { SubmitButton } from "@/components/submit-button";
import { TermsField } from "@/components/terms-field";
import { enterInvitationCodeAction, redeemInvitationAction } from "./actions";

export function InvitationCodeForm() {
  const form = useActionForm(enterInvitationCodeAction, ["code"]);
  const t = useTranslations("registration");
  return (
    <ActionForm id="invitation-code-form" form={form}>
      <FormField
        id="code"
        {...form.field("code")}
        label={t("invitationCode")}
        hint={t("invitationCodeHint")}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={20}
      />
      <SubmitButton>{t("continue")}</SubmitButton>
    </ActionForm>
  );
}

type RedeemFormProps = { email: string; setPasswordFor?: string; minLength: number; requirements: string; termsUrl?: string };

/** The Register form with the invited address filled in and already confirmed, or "Set your password" for an existing record. */
export function RedeemInvitationForm({ email, setPasswordFor, minLength, requirements, termsUrl }: RedeemFormProps) {
  const form = useActionForm(redeemInvitationAction, ["username", "password", "confirmPassword", "terms"]);
  const t = useTranslations("registration");
  const { errors, focus } = form;
  return (
    <ActionForm id="redeem-invitation-form" form={form}>
      <FormField id="invited-email" label={t("email")} type="email" value={email} readOnly autoComplete="email" hint={t("emailConfirmedByInvitation")} />
      {setPasswordFor ? (
        <FormField id="username" label={t("username")} value={setPasswordFor} readOnly autoComplete="username" />
      ) : (
        <FormField id="username" {...form.field("username")} label={t("username")} autoComplete="username" required maxLength={64} hint={t("usernameHint")} />
      )}
      <NewPasswordFields name="password" label={t("password")} confirmLabel={t("confirmPassword")} minLength={minLength} requirements={requirements} form={form} />
      {termsUrl && !setPasswordFor && <TermsField label={t.rich("terms", { link: (chunks) => <a href={termsUrl}>{chunks}</a> })} error={errors.terms} autoFocus={focus === "terms"} />}
      <SubmitButton pendingLabel={t("submitting")}>{setPasswordFor ? t("setPassword") : t("submit")}</SubmitButton>
    </ActionForm>
  );
}
