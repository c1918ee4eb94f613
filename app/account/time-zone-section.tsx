import { getTranslations } from "next-intl/server";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import { now } from "@/lib/clock";
import type { Customer } from "@/lib/db/schema";
import { readerTimes } from "@/i18n/reader-times";
import { browserTimeZone } from "@/lib/i18n/time-zone";
import { timeZoneChoices } from "@/lib/i18n/times";
import { TimeZoneForm } from "./time-zone-form";

/** Issue 26: the zone every time on the portal and in its mail is shown in, and where it came from. */
export async function TimeZoneSection({ customer, saved }: { customer: Customer; saved: boolean }) {
  const t = await getTranslations("account.timeZone");
  const times = await readerTimes();
  const fromBrowser = !customer.timeZone && Boolean((await browserTimeZone()) ?? customer.browserTimeZone);
  const zone = customer.timeZone ?? `${times.reader.timeZone} (${t(fromBrowser ? "fromBrowser" : "fromPortal")})`;
  return (
    <CardSection headingId="time-zone-heading" heading={t("heading")} gap={4}>
      {saved && <Notice tone="success">{t("saved")}</Notice>}
      <p data-testid="current-time-zone">{t("current", { zone, time: times.time(now()) })}</p>
      <TimeZoneForm chosen={customer.timeZone ?? ""} choices={timeZoneChoices()} />
    </CardSection>
  );
}
