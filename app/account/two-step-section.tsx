import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import Link from "next/link";
import { secondStepMethods } from "@/lib/auth/two-step/methods";
import { twoStepState } from "@/lib/auth/two-step/second-step";
import { listPasskeys, PASSKEY_NAME_MAX_LENGTH } from "@/lib/auth/two-step/passkeys";
import type { Customer } from "@/lib/db/schema";
import { describeDevice } from "@/lib/http/user-agent";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import { AddPasskey } from "./two-step/add-passkey";
import { removePasskeyAction, renamePasskeyAction, startMethodSetUpAction, turnOffMethodAction } from "./two-step/actions";
import { readerTimes } from "@/i18n/reader-times";

const DONE = [
  ...secondStepMethods.flatMap((method) => (method.account ? [`${method.id}_on`, `${method.id}_off`] : [])),
  "passkey_added",
  "passkey_renamed",
  "passkey_removed",
  "required",
];

/** The "Two-step verification" section of /account (issue 17): methods, recovery codes and passkeys. */
export async function TwoStepSection({ customer, done }: { customer: Customer; done: unknown }) {
  const t = await getTranslations("twoStep.account");
  const times = await readerTimes();
  const state = await twoStepState(customer);
  const passkeys = await listPasskeys(customer.id);
  const doneKey = DONE.find((key) => key === done);
  const hidden = (chunks: React.ReactNode) => <span className="sr-only">{chunks}</span>;
  const date = (value: Date) => times.day(value);
  const { browser, system } = describeDevice((await headers()).get("user-agent"));
  const suggestedName = [browser, system].filter(Boolean).join(" · ").slice(0, PASSKEY_NAME_MAX_LENGTH);
  return (
    <CardSection headingId="two-step-heading" heading={t("heading")} gap={5}>
      {doneKey && (
        <Notice tone={doneKey === "required" ? "danger" : "success"}>{t(`done.${doneKey}`)}</Notice>
      )}
      <p>{state.on ? t("on") : t("off")}</p>
      {state.required && <p>{t("required")}</p>}

      {/* One entry per method set up here, from the table (lib/auth/two-step/methods.ts). */}
      {secondStepMethods.map((method) => {
        if (!method.account) return null;
        const words = method.account.words;
        const isOn = state.setUp.includes(method.id);
        return (
          <div key={method.id} className="space-y-2">
            <h3 className="font-semibold">
              {t(`${words}.title`)}: {isOn ? t("methodOn") : t("methodOff")}
            </h3>
            <p className="text-sm text-slate-600">{t(`${words}.description`, { email: customer.email })}</p>
            <form action={isOn ? turnOffMethodAction : startMethodSetUpAction}>
              <input type="hidden" name="method" value={method.id} />
              <button type="submit" className="button-secondary">
                {isOn ? t.rich(`${words}.turnOff`, { hidden }) : t(`${words}.${method.account.setUpWord}`)}
              </button>
            </form>
          </div>
        );
      })}

      {state.on && (
        <div className="space-y-2">
          <h3 className="font-semibold">{t("recovery.title")}</h3>
          <p className="text-sm text-slate-600">{t("recovery.description")}</p>
          <p>{t("recovery.left", { count: state.recoveryCodesLeft })}</p>
          <Link href="/account/two-step/recovery-codes" className="button-secondary">
            {t("recovery.renew")}
          </Link>
        </div>
      )}

      <div className="space-y-3">
        <h3 id="passkeys-heading" className="font-semibold">
          {t("passkeys.title")}
        </h3>
        <p className="text-sm text-slate-600">{t("passkeys.description")}</p>
        {passkeys.length === 0 ? (
          <p>{t("passkeys.none")}</p>
        ) : (
          <ul className="space-y-4" aria-labelledby="passkeys-heading">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="space-y-2 rounded-md border border-slate-200 p-3">
                <p>
                  <span className="font-semibold">{passkey.name}</span> — {t("passkeys.added", { date: date(passkey.createdAt) })},{" "}
                  {passkey.lastUsedAt ? t("passkeys.lastUsed", { date: date(passkey.lastUsedAt) }) : t("passkeys.neverUsed")}
                </p>
                <div className="flex flex-wrap items-end gap-3">
                  <form action={renamePasskeyAction} className="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="id" value={passkey.id} />
                    <div className="space-y-1">
                      <label htmlFor={`passkey-${passkey.id}`} className="block text-sm font-semibold">
                        {t("passkeys.nameLabel")}
                      </label>
                      <input id={`passkey-${passkey.id}`} name="name" defaultValue={passkey.name} maxLength={PASSKEY_NAME_MAX_LENGTH} required className="text-input" />
                    </div>
                    <button type="submit" className="button-secondary">
                      {t.rich("passkeys.rename", { name: passkey.name, hidden })}
                    </button>
                  </form>
                  <form action={removePasskeyAction}>
                    <input type="hidden" name="id" value={passkey.id} />
                    <button type="submit" className="button-secondary">
                      {t.rich("passkeys.remove", { name: passkey.name, hidden })}
                    </button>
                  </form>
                </div>
              </li>
            ))}
          </ul>
        )}
        <AddPasskey suggestedName={suggestedName}>
          <p className="text-sm text-slate-600">{t("passkeys.needsJavaScript")}</p>
        </AddPasskey>
      </div>
    </CardSection>
  );
}
