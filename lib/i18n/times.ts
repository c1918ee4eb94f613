/**
 * Issue 26: the one place a time becomes words. Every page and every mail formats through here, in
 * the reader's language and time zone, and every exact time carries its zone's name
 * ("Dec 6, 2026, 7:47 PM CST"), so a time is never read as another zone's.
 * Pure functions: pages get a reader from i18n/reader-times.ts, mail from the recipient's row.
 */
export type Reader = { locale: string; timeZone: string };

const NAME = /^[A-Za-z0-9_+\-/]{1,64}$/;

/** An IANA time zone name this runtime knows ("America/Chicago", "UTC"); aliases count. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || !NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

let choices: string[] | undefined;

/** The zones a customer picks from on Account: the runtime's IANA list, with UTC. */
export function timeZoneChoices(): string[] {
  choices ??= [...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"])].sort();
  return choices;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string, timeZone: string, kind: "time" | "longTime" | "day" | "zone"): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let found = formats.get(key);
  if (!found) {
    // Note: dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are named.
    const options: Intl.DateTimeFormatOptions =
      kind === "day"
        ? { year: "numeric", month: "short", day: "numeric" }
        : kind === "zone"
          ? { hour: "numeric", timeZoneName: "short" }
          : { year: "numeric", month: kind === "longTime" ? "long" : "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, found);
  }
  return found;
}

/** "Dec 6, 2026, 7:47 PM CST": a date and time in the reader's zone, with the zone's name. */
export function formatTime(date: Date, reader: Reader): string {
  return formatFor(reader.locale, reader.timeZone, "time").format(date);
}

/** "December 6, 2026 at 7:47 PM CST": the same, with the month written out (mail). */
export function formatLongTime(date: Date, reader: Reader): string {
  return formatFor(reader.locale, reader.timeZone, "longTime").format(date);
}

/** "Dec 6, 2026": the day it was in the reader's zone. */
export function formatDay(date: Date, reader: Reader): string {
  return formatFor(reader.locale, reader.timeZone, "day").format(date);
}

/** "CST": the zone's short name at that moment (it changes with daylight saving time). */
export function zoneName(timeZone: string, locale: string, at: Date): string {
  return formatFor(locale, timeZone, "zone").formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "2 minutes ago", "in 3 days": pages show the exact time beside it (components/time-ago.tsx). */
export function formatRelative(date: Date, now: Date, locale: string): string {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relativeFormats.set(locale, format);
  }
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? UNITS[UNITS.length - 1];
  return format.format(Math.trunc(seconds / size), unit);
}
