"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField, TextAreaField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { contactAction, type ContactField } from "./actions";

export function ContactForm({ name, email }: { name?: string; email?: string }) {
  const [state, action] = useActionState<FormState<ContactField>, FormData>(contactAction, idleForm);
  const t = useTranslations("contact");
  const focus = fieldToFocus(state, ["name", "email", "message"]);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="contact-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="contact-form" />
      <FormField id="name" name="name" label={t("yourName")} autoComplete="name" required maxLength={100} defaultValue={state.values?.name ?? name} error={errors.name} autoFocus={focus === "name"} />
      <FormField
        id="email"
        name="email"
        type="email"
        label={t("yourEmail")}
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={state.values?.email ?? email}
        error={errors.email}
        autoFocus={focus === "email"}
      />
      <TextAreaField
        id="message"
        name="message"
        label={t("message")}
        required
        maxLength={5000}
        defaultValue={state.values?.message}
        error={errors.message}
        autoFocus={focus === "message"}
      />
      <SubmitButton>{t("send")}</SubmitButton>
    </form>
  );
}
