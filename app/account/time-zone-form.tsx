"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "@/components/form-field";
import { FormMessage } from "@/components/form-message";
import { SubmitButton } from "@/components/submit-button";
import { fieldToFocus, idleForm, type FormState } from "@/lib/http/form";
import { saveTimeZoneAction, type TimeZoneField } from "./actions";

/**
 * Issue 26: a searchable list of the IANA zones. A <datalist> filters as the customer types, with
 * or without JavaScript; the server checks the answer, since a datalist does not restrict it.
 */
export function TimeZoneForm({ chosen, choices }: { chosen: string; choices: string[] }) {
  const [state, action] = useActionState<FormState<TimeZoneField>, FormData>(saveTimeZoneAction, idleForm);
  const t = useTranslations("account.timeZone");
  const focus = fieldToFocus(state, ["timeZone"]);
  return (
    <form id="time-zone-form" action={action} className="space-y-5" noValidate>
      <FormMessage state={state} formId="time-zone-form" />
      <FormField
        id="timeZone"
        name="timeZone"
        label={t("label")}
        list="time-zone-choices"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        hint={t("hint")}
        defaultValue={state.values?.timeZone ?? chosen}
        error={state.fieldErrors?.timeZone}
        autoFocus={focus === "timeZone"}
      />
      <datalist id="time-zone-choices">
        {choices.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <SubmitButton>{t("save")}</SubmitButton>
    </form>
  );
}
