"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { useState, useTransition } from "react";
import { ActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { idleForm, type FormState } from "@/lib/http/form";
import { addPasskeyAction, passkeyRegistrationOptionsAction } from "./actions";

/**
 * "Add a passkey", shown by AddPasskey (./add-passkey.tsx) in a browser that has WebAuthn.
 * @simplewebauthn/browser is loaded when the button is pressed.
 */
export function AddPasskeyForm({ suggestedName }: { suggestedName: string }) {
  const t = useTranslations("twoStep.account.passkeys");
  const [state, setState] = useState<FormState<"name">>(idleForm);
  const [pending, startTransition] = useTransition();

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
    <ActionForm id="add-passkey-form" form={{ state, action: add }} className="space-y-4" fieldIds={{ name: "passkey-name" }}>
      <FormField id="passkey-name" name="name" label={t("newNameLabel")} defaultValue={state.values?.name ?? suggestedName} maxLength={60} required error={state.fieldErrors?.name} />
      <button type="submit" className="button-secondary" aria-disabled={pending} disabled={pending}>
        {t("add")}
      </button>
    </ActionForm>
  );
}
