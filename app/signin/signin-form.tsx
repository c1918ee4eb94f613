"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState, useSyncExternalStore } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { signInAction, type SignInField } from "./actions";

// Issue 26: the browser's time zone, read once the form is in the browser (the server has none).
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
const noZoneOnServer = () => "";
const unchanging = () => () => {};

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<FormState<SignInField>, FormData>(signInAction, idleForm);
  const t = useTranslations("signIn");
  const focus = fieldToFocus(state, ["username", "password"], "password");
  const errors = state.fieldErrors ?? {};
  const timeZone = useSyncExternalStore(unchanging, browserTimeZone, noZoneOnServer);
  return (
    <form id="signin-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="signin-form" />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="timeZone" value={timeZone} />
      <FormField
        id="username"
        name="username"
        label={t("username")}
        autoComplete="username webauthn"
        required
        defaultValue={state.values?.username}
        error={errors.username}
        hint={t("usernameHint")}
        autoFocus={focus === "username"}
      />
      <PasswordField
        cleared={state.status === "error"}
        id="password"
        name="password"
        label={t("password")}
        autoComplete="current-password"
        required
        error={errors.password}
        autoFocus={focus === "password"}
      />
      <div className="flex items-center gap-2">
        <input id="remember" name="remember" type="checkbox" className="size-5" />
        <label htmlFor="remember">{t("remember")}</label>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
        <Link href="/forgot-password">{t("forgotPassword")}</Link>
      </div>
    </form>
  );
}
