"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField, TextAreaField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { contactAction } from "./actions";

export function ContactForm({ name, email }: { name?: string; email?: string }) {
  const form = useActionForm(contactAction, ["name", "email", "message"]);
  const t = useTranslations("contact");
  return (
    <ActionForm id="contact-form" form={form}>
      <FormField id="name" {...form.field("name", name)} label={t("yourName")} autoComplete="name" required maxLength={100} />
      <FormField
        id="email"
        {...form.field("email", email)}
        type="email"
        label={t("yourEmail")}
        autoComplete="email"
        required
        maxLength={254}
      />
      <TextAreaField
        id="message"
        {...form.field("message")}
        label={t("message")}
        required
        maxLength={5000}
      />
      <SubmitButton>{t("send")}</SubmitButton>
    </ActionForm>
  );
}
