"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { idleForm, type FormState } from "@/lib/http/form";
import { useWebAuthnSupport } from "@/lib/auth/two-step/webauthn-support";
import { addPasskeyAction, passkeyRegistrationOptionsAction } from "./actions";

/**
 * "Add a passkey": needs JavaScript and WebAuthn, so without them it only says so.
 * @simplewebauthn/browser is loaded when the button is pressed.
 */
export function AddPasskey({ suggestedName }: { suggestedName: string }) {
  const t = useTranslations("twoStep.account.passkeys");
  const supported = useWebAuthnSupport();
  const [state, setState] = useState<FormState<"name">>(idleForm);
  const [pending, startTransition] = useTransition();

  if (!supported) return <p className="text-sm text-slate-600">{t("needsJavaScript")}</p>;

  function add(formData: FormData) {
    startTransition(async () => {
      const webauthn = await import("@simplewebauthn/browser");
      const options = await passkeyRegistrationOptionsAction(idleForm, new FormData());
      if (!options.values?.options) return setState({ status: "error", message: t("addFailed") });
      try {
        formData.set("response", JSON.stringify(await webauthn.startRegistration({ optionsJSON: JSON.parse(options.values.options) })));
      } catch {
        return setState({ status: "error", message: t("addFailed"), values: { name: String(formData.get("name") ?? "") } });
      }
      setState(await addPasskeyAction(idleForm, formData));
    });
  }

  return (
    <form id="add-passkey-form" action={add} className="space-y-4" noValidate>
      <FormMessage state={state} formId="add-passkey-form" fieldIds={{ name: "passkey-name" }} />
      <FormField id="passkey-name" name="name" label={t("newNameLabel")} defaultValue={state.values?.name ?? suggestedName} maxLength={60} required error={state.fieldErrors?.name} />
      <button type="submit" className="button-secondary" aria-disabled={pending} disabled={pending}>
        {t("add")}
      </button>
    </form>
  );
}
