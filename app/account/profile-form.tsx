"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { saveProfileAction, type ProfileField } from "./actions";

/** Name and phone number (issue 16); the phone's hint names the country national numbers are read in. */
export function ProfileForm({ name, phone, phoneHint }: { name: string; phone: string; phoneHint: string }) {
  const [state, action] = useActionState<FormState<ProfileField>, FormData>(saveProfileAction, idleForm);
  const t = useTranslations("account");
  const focus = fieldToFocus(state, ["name", "phone"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="profile-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="profile-form" />
      <FormField id="name" name="name" label={t("name")} autoComplete="name" maxLength={100} hint={t("nameHint")} defaultValue={state.values?.name ?? name} error={errors.name} autoFocus={focus === "name"} />
      <FormField
        id="phone"
        name="phone"
        type="tel"
        label={t("phone")}
        autoComplete="tel"
        inputMode="tel"
        maxLength={32}
        hint={phoneHint}
        defaultValue={state.values?.phone ?? phone}
        error={errors.phone}
        autoFocus={focus === "phone"}
      />
      <SubmitButton>{t("saveDetails")}</SubmitButton>
    </form>
  );
}
