"use client";

import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { idleForm, type FormState } from "@/lib/form-state";
import { contactAction, type ContactField } from "./actions";

export function ContactForm({ name, email }: { name?: string; email?: string }) {
  const [state, action] = useActionState<FormState<ContactField>, FormData>(contactAction, idleForm);
  const errors = state.fieldErrors ?? {};
  return (
    <form id="contact-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="contact-form" />
      <FormField id="name" name="name" label="Your name" autoComplete="name" required maxLength={100} defaultValue={state.values?.name ?? name} error={errors.name} autoFocus={Boolean(errors.name)} />
      <FormField
        id="email"
        name="email"
        type="email"
        label="Your email"
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={state.values?.email ?? email}
        error={errors.email}
        autoFocus={!errors.name && Boolean(errors.email)}
      />
      <div className="space-y-1">
        <div className="flex gap-1 font-semibold">
          <span aria-hidden="true" className="text-danger-700">
            *
          </span>
          <label htmlFor="message">Message</label>
        </div>
        <textarea
          id="message"
          name="message"
          required
          rows={6}
          maxLength={5000}
          className="text-input"
          defaultValue={state.values?.message}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? "message-error" : undefined}
          autoFocus={!errors.name && !errors.email && Boolean(errors.message)}
        />
        {errors.message && (
          <p id="message-error" className="text-sm font-semibold text-danger-700">
            {errors.message}
          </p>
        )}
      </div>
      <SubmitButton>Send message</SubmitButton>
    </form>
  );
}
