import { getTranslations } from "next-intl/server";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { liveSessionsOf } from "@/lib/auth/sessions";
import { describeDevice } from "@/lib/http/user-agent";
import { signOutDeviceAction, signOutEverywhereAction, signOutOtherDevicesAction } from "./actions";
import { readerTimes } from "@/i18n/reader-times";

type DeviceNotice = "signed-out" | "others-signed-out" | "not-found" | null;

/** "Where you're signed in" (issue 16): every live session, this one marked; sign out any other, or all. */
export async function DevicesSection({ customerId, session, notice }: { customerId: string; session: SessionClaims; notice: DeviceNotice }) {
  const t = await getTranslations("accountSecurity.devices");
  const account = await getTranslations("account");
  const times = await readerTimes();
  const when = (date: Date) => times.time(date);
  const sessions = await liveSessionsOf(customerId);
  const others = sessions.filter((live) => live.id !== session.sid);
  const deviceName = (userAgent: string | null) => {
    const { browser, system } = describeDevice(userAgent);
    return t("device", { browser: browser ?? t("unknownBrowser"), system: system ?? t("unknownSystem") });
  };
  return (
    <CardSection headingId="devices-heading" heading={t("heading")} gap={4}>
      {notice === "signed-out" && <Notice tone="success">{t("signedOut")}</Notice>}
      {notice === "others-signed-out" && <Notice tone="success">{t("othersSignedOut")}</Notice>}
      {notice === "not-found" && <Notice tone="info">{t("notFound")}</Notice>}
      <p>{t("intro")}</p>
      <ul className="divide-y divide-slate-200">
        {sessions.map((live) => {
          const name = deviceName(live.userAgent);
          const current = live.id === session.sid;
          return (
            <li key={live.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div>
                <p className="font-semibold">
                  {name}
                  {current && <span className="ml-2 rounded-full bg-success-100 px-2 py-0.5 text-sm text-success-700">{t("thisDevice")}</span>}
                </p>
                <p className="text-sm text-slate-700">
                  {t("signedIn", { time: when(live.createdAt) })} · {t("lastActive", { time: when(live.lastSeenAt) })}
                  {live.ip && <> · {t("ip", { ip: live.ip })}</>}
                  {live.remember && <> · {t("remembered")}</>}
                </p>
              </div>
              {!current && (
                <form action={signOutDeviceAction}>
                  <input type="hidden" name="session" value={live.id} />
                  <button type="submit" className="button-secondary">
                    {t.rich("signOut", { device: name, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap gap-3">
        {others.length > 0 && (
          <form action={signOutOtherDevicesAction}>
            <button type="submit" className="button-secondary">
              {t("signOutOthers")}
            </button>
          </form>
        )}
        <form action={signOutEverywhereAction}>
          <button type="submit" className="button-secondary">
            {account("signOutEverywhereButton")}
          </button>
        </form>
      </div>
      <p className="text-sm text-slate-700">{account("signOutEverywhereIntro")}</p>
    </CardSection>
  );
}
