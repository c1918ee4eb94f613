"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { saveProfileAction } from "./actions";

/** Name and phone number (issue 16); the phone's hint names the country national numbers are read in. */
export function ProfileForm({ name, phone, phoneHint }: { name: string; phone: string; phoneHint: string }) {
  const form = useActionForm(saveProfileAction, ["name", "phone"]);
  const t = useTranslations("account");
  return (
    <ActionForm id="profile-form" form={form}>
      <FormField id="name" {...form.field("name", name)} label={t("name")} autoComplete="name" maxLength={100} hint={t("nameHint")} />
      <FormField
        id="phone"
        {...form.field("phone", phone)}
        type="tel"
        label={t("phone")}
        autoComplete="tel"
        inputMode="tel"
        maxLength={32}
        hint={phoneHint}
      />
      <SubmitButton>{t("saveDetails")}</SubmitButton>
    </ActionForm>
  );
}
