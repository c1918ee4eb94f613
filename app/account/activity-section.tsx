import { getTranslations } from "next-intl/server";
import { recentActivity } from "@/lib/account/activity";
import { configuredProvider } from "@/lib/auth/external-sign-in";
import { describeDevice } from "@/lib/http/user-agent";
import { readerTimes } from "@/lib/i18n/reader-times";

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
    <section aria-labelledby="activity-heading" className="card space-y-4">
      <h2 id="activity-heading" className="text-xl font-semibold">
        {t("heading")}
      </h2>
      <p>{t("intro")}</p>
      {entries.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        // At 320 px the table may scroll sideways: the region takes focus so the keyboard can scroll it.
        <div className="overflow-x-auto" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  {t("when")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("what")}
                </th>
                <th scope="col" className="py-2">
                  {t("where")}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-4 whitespace-nowrap">{times.time(entry.at)}</td>
                  <td className="py-2 pr-4">{t(`events.${entry.event}`, { provider: configuredProvider(entry.provider)?.name ?? entry.provider ?? "" })}</td>
                  <td className="py-2 break-words">{from(entry.userAgent, entry.ip)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
