"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { signInAction } from "./actions";

// Issue 26: the browser's time zone, read once the form is in the browser (the server has none).
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
const noZoneOnServer = () => "";
const unchanging = () => () => {};

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const form = useActionForm(signInAction, ["username", "password"], "password");
  const t = useTranslations("signIn");
  const timeZone = useSyncExternalStore(unchanging, browserTimeZone, noZoneOnServer);
  return (
    <ActionForm id="signin-form" form={form}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="timeZone" value={timeZone} />
      <FormField
        id="username"
        {...form.field("username")}
        label={t("username")}
        autoComplete="username webauthn"
        required
        hint={t("usernameHint")}
      />
      <PasswordField
        cleared={form.cleared}
        id="password"
        {...form.field("password")}
        label={t("password")}
        autoComplete="current-password"
        required
      />
      <div className="flex items-center gap-2">
        <input id="remember" name="remember" type="checkbox" className="size-5" />
        <label htmlFor="remember">{t("remember")}</label>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
        <Link href="/forgot-password">{t("forgotPassword")}</Link>
      </div>
    </ActionForm>
  );
}
