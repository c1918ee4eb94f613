"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { ActionForm, useActionForm } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { saveTimeZoneAction } from "./actions";

/**
 * Issue 26: a searchable list of the IANA zones. A <datalist> filters as the customer types, with
 * or without JavaScript; the server checks the answer, since a datalist does not restrict it.
 */
export function TimeZoneForm({ chosen, choices }: { chosen: string; choices: string[] }) {
  const form = useActionForm(saveTimeZoneAction, ["timeZone"]);
  const t = useTranslations("account.timeZone");
  return (
    <ActionForm id="time-zone-form" form={form}>
      <FormField
        id="timeZone"
        {...form.field("timeZone", chosen)}
        label={t("label")}
        list="time-zone-choices"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        hint={t("hint")}
      />
      <datalist id="time-zone-choices">
        {choices.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <SubmitButton>{t("save")}</SubmitButton>
    </ActionForm>
  );
}
