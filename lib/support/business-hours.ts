/**
 * Issue 27: the support team's working hours, and time counted in them. Pure functions on Intl
 * alone (no date library): `SUPPORT_HOURS` such as "Mon-Fri 08:00-18:00 America/Chicago", and
 * holidays as local dates ("2026-12-25"). A day's hours are counted in real minutes between its
 * opening and closing instants, so a day on which the clocks change still holds its ten hours.
 */

export type BusinessHours = {
  /** Working weekdays, 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  /** Opening and closing, in minutes after local midnight. */
  opens: number;
  closes: number;
  /** An IANA time zone ("America/Chicago", "UTC"). */
  timeZone: string;
  /** Local dates ("YYYY-MM-DD") on which nobody works. */
  holidays: ReadonlySet<string>;
};

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MINUTE_MS = 60_000;

function weekday(name: string): number {
  const index = WEEKDAYS.indexOf(name.slice(0, 3).toLowerCase());
  if (index < 0 || name.length < 3) throw new Error(`"${name}" is not a day of the week (Mon, Tue, …)`);
  return index;
}

function clockMinutes(text: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match || (match[1] === "24" && match[2] !== "00")) throw new Error(`"${text}" is not a time of day (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new Error(`"${timeZone}" is not a time zone (e.g. America/Chicago, Europe/Madrid, UTC)`);
  }
  return timeZone;
}

/**
 * Reads "Mon-Fri 08:00-18:00 America/Chicago" (days as ranges or lists: "Mon-Thu,Sat"); throws
 * an Error whose message says what is wrong.
 */
export function parseBusinessHours(text: string, holidays: Iterable<string> = []): BusinessHours {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 3) throw new Error('expected days, hours and a time zone, e.g. "Mon-Fri 08:00-18:00 America/Chicago"');
  const [dayText, hourText, timeZone] = parts;
  const days = new Set<number>();
  for (const range of dayText.split(",")) {
    const [from, to = from] = range.split("-");
    const start = weekday(from);
    const end = weekday(to);
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  const [opensText, closesText] = hourText.split("-");
  if (!closesText) throw new Error(`"${hourText}" is not a range of hours (HH:MM-HH:MM)`);
  const opens = clockMinutes(opensText);
  const closes = clockMinutes(closesText);
  if (closes <= opens) throw new Error(`"${hourText}" closes before it opens`);
  return { days, opens, closes, timeZone: checkTimeZone(timeZone), holidays: new Set(holidays) };
}

/** Holidays from a file's text: one "YYYY-MM-DD" a line, anything after it (a name) and "#" comments ignored. */
export function parseHolidays(text: string): string[] {
  const dates: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const match = /^(\d{4})-(\d{2})-(\d{2})\b/.exec(line);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!match || !date || date.getUTCDate() !== Number(match[3]) || date.getUTCMonth() !== Number(match[2]) - 1) {
      throw new Error(`line ${index + 1} does not start with a date (YYYY-MM-DD)`);
    }
    dates.push(match[0]);
  }
  return dates;
}

type LocalDate = { year: number; month: number; day: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock reading in a time zone of an instant. */
function localParts(instant: number, timeZone: string) {
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return { year: values.year, month: values.month, day: values.day, hour: values.hour, minute: values.minute, second: values.second };
}

/** How far the zone's clocks are ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const local = localParts(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local date and time happens in the zone. A time skipped by a clock change comes
 * out at the same distance after the change (02:30 on a spring-forward night is 03:30).
 */
function instantOf(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function dateKey(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

function isWorkingDay(date: LocalDate, hours: BusinessHours): boolean {
  return hours.days.has(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()) && !hours.holidays.has(dateKey(date));
}

// Note: ten years of days; a calendar with no working day at all (every day a holiday) stops here.
const MAX_DAYS = 3660;

/** The instant `minutes` working minutes after `start` (start itself when it is 0 and inside the hours). */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  let remaining = minutes * MINUTE_MS;
  const local = localParts(start.getTime(), hours.timeZone);
  let date: LocalDate = { year: local.year, month: local.month, day: local.day };
  for (let days = 0; days < MAX_DAYS; days += 1, date = nextDate(date)) {
    if (!isWorkingDay(date, hours)) continue;
    const opens = instantOf(date, hours.opens, hours.timeZone);
    const closes = instantOf(date, hours.closes, hours.timeZone);
    const from = Math.max(start.getTime(), opens);
    if (from >= closes) continue;
    if (remaining <= closes - from) return new Date(from + remaining);
    remaining -= closes - from;
  }
  throw new Error("the support hours hold no working time in the next ten years");
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours): number {
  if (to <= from) return 0;
  let total = 0;
  const local = localParts(from.getTime(), hours.timeZone);
  let date: LocalDate = { year: local.year, month: local.month, day: local.day };
  for (let days = 0; days < MAX_DAYS; days += 1, date = nextDate(date)) {
    const dayStart = instantOf(date, 0, hours.timeZone);
    if (dayStart >= to.getTime()) break;
    if (!isWorkingDay(date, hours)) continue;
    const start = Math.max(from.getTime(), instantOf(date, hours.opens, hours.timeZone));
    const end = Math.min(to.getTime(), instantOf(date, hours.closes, hours.timeZone));
    if (end > start) total += end - start;
  }
  return Math.round(total / MINUTE_MS);
}
