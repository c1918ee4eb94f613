import { getLocale } from "next-intl/server";
import { cache } from "react";
import { currentCustomer } from "@/lib/auth/current-customer";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { browserTimeZone } from "@/lib/i18n/time-zone";
import { formatDay, formatLongTime, formatRelative, formatTime, zoneName, type Reader } from "@/lib/i18n/times";

/**
 * Issue 26: whose zone a time is shown in. The zone chosen on Account; else this browser's (the
 * cookie the sign-in form left); else the browser's at the customer's last sign-in; else
 * PORTAL_TIME_ZONE. Mail: lib/i18n/time-zone.ts mailTimeZone.
 */
export const readerTimeZone = cache(async (): Promise<string> => {
  const customer = (await currentCustomer())?.customer;
  return customer?.timeZone ?? (await browserTimeZone()) ?? customer?.browserTimeZone ?? config().portalTimeZone;
});

export type ReaderTimes = {
  reader: Reader;
  /** "Dec 6, 2026, 7:47 PM CST" */
  time(date: Date): string;
  /** "December 6, 2026 at 7:47 PM CST" */
  longTime(date: Date): string;
  /** "Dec 6, 2026" */
  day(date: Date): string;
  /** "2 minutes ago"; show it with components/time-ago.tsx, which keeps the exact time beside it. */
  relative(date: Date): string;
  /** "CST", now. */
  zoneName(timeZone?: string): string;
};

export function timesFor(reader: Reader, at: Date = now()): ReaderTimes {
  return {
    reader,
    time: (date) => formatTime(date, reader),
    longTime: (date) => formatLongTime(date, reader),
    day: (date) => formatDay(date, reader),
    relative: (date) => formatRelative(date, at, reader.locale),
    zoneName: (timeZone = reader.timeZone) => zoneName(timeZone, reader.locale, at),
  };
}

/** The formatter for this request's reader (server components and actions). */
export const readerTimes = cache(async (): Promise<ReaderTimes> => timesFor({ locale: await getLocale(), timeZone: await readerTimeZone() }));
