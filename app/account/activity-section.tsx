import { CardSection } from "@/components/card-section";
import { getTranslations } from "next-intl/server";
import { recentActivity } from "@/lib/account/activity";
import { configuredProvider } from "@/lib/auth/external-sign-in";
import { describeDevice } from "@/lib/http/user-agent";
import { readerTimes } from "@/i18n/reader-times";

/** "Recent security activity" (issue 16): the customer's own events of the last 30 days, in plain words. */
export async function ActivitySection({ customerId }: { customerId: string }) {
  const t = await getTranslations("accountSecurity.activity");
  const devices = await getTranslations("accountSecurity.devices");
  const times = await readerTimes();
  const entries = await recentActivity(customerId);
  const from = (userAgent: string | null, ip: string | null) => {
    const { browser, system } = describeDevice(userAgent);
    const device = browser || system ? devices("device", { browser: browser ?? devices("unknownBrowser"), system: system ?? devices("unknownSystem") }) : null;
    return [device, ip].filter(Boolean).join(", ") || t("unknownPlace");
  };
  return (
    <CardSection headingId="activity-heading" heading={t("heading")} gap={4}>
      <p>{t("intro")}</p>
      {entries.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        // A list, not a table, so nothing is cut off on a phone (issue 30): each entry is its when,
        // what and where stacked; from 640 px the three stand in columns under a visual header.
        <div>
          <div aria-hidden="true" className="hidden border-b border-slate-300 py-2 text-sm font-semibold sm:grid sm:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1fr)] sm:gap-4">
            <span>{t("when")}</span>
            <span>{t("what")}</span>
            <span>{t("where")}</span>
          </div>
          <ul className="text-sm">
            {entries.map((entry) => (
              <li key={entry.id} className="grid gap-1 border-b border-slate-200 py-2 sm:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1fr)] sm:gap-4">
                <span className="font-semibold sm:font-normal">
                  <span className="sr-only">{t("when")}: </span>
                  {times.time(entry.at)}
                </span>
                <span>
                  <span className="sr-only">{t("what")}: </span>
                  {t(`events.${entry.event}`, { provider: configuredProvider(entry.provider)?.name ?? entry.provider ?? "" })}
                </span>
                <span className="break-words text-slate-700">
                  <span className="sr-only">{t("where")}: </span>
                  {from(entry.userAgent, entry.ip)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </CardSection>
  );
}
