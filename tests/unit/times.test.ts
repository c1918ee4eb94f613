import { ConfigurationError, parseConfig } from "@/lib/config";
import { formatDay, formatLongTime, formatRelative, formatTime, isTimeZone, timeZoneChoices, zoneName } from "@/lib/i18n/times";

/** Issue 26: every time is written in the reader's zone and names it. */

// Note: newer ICU puts a narrow no-break space before AM/PM; the tests read any space as a space.
const spaced = (text: string) => text.replace(/\s/g, " ");
const chicago = { locale: "en", timeZone: "America/Chicago" };

describe("times in the reader's zone (issue 26)", () => {
  it("writes a time in the reader's zone, labelled with the zone's name", () => {
    const instant = new Date("2026-12-07T01:47:00Z");
    expect(spaced(formatTime(instant, chicago))).toBe("Dec 6, 2026, 7:47 PM CST");
    expect(spaced(formatTime(instant, { locale: "en", timeZone: "UTC" }))).toBe("Dec 7, 2026, 1:47 AM UTC");
    expect(spaced(formatTime(instant, { locale: "es", timeZone: "Europe/Madrid" }))).toBe("7 dic 2026, 2:47 CET");
    expect(spaced(formatLongTime(instant, chicago))).toBe("December 6, 2026 at 7:47 PM CST");
    // The day is the reader's: already the 7th in UTC, still the 6th in Chicago.
    expect(formatDay(instant, chicago)).toBe("Dec 6, 2026");
  });

  it("follows daylight saving time: the label changes with the offset, and the repeated hour is told apart", () => {
    // Chicago springs forward at 2:00 local on 8 March 2026 (08:00 UTC)…
    expect(spaced(formatTime(new Date("2026-03-08T07:59:00Z"), chicago))).toBe("Mar 8, 2026, 1:59 AM CST");
    expect(spaced(formatTime(new Date("2026-03-08T08:00:00Z"), chicago))).toBe("Mar 8, 2026, 3:00 AM CDT");
    // …and falls back on 1 November: 1:30 AM happens twice, an hour apart, and the labels say which.
    expect(spaced(formatTime(new Date("2026-11-01T06:30:00Z"), chicago))).toBe("Nov 1, 2026, 1:30 AM CDT");
    expect(spaced(formatTime(new Date("2026-11-01T07:30:00Z"), chicago))).toBe("Nov 1, 2026, 1:30 AM CST");
    expect(zoneName("Europe/Madrid", "en", new Date("2026-03-29T00:59:00Z"))).toBe("GMT+1");
    expect(zoneName("Europe/Madrid", "en", new Date("2026-03-29T01:00:00Z"))).toBe("GMT+2");
  });

  it("words relative times in the reader's language", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    expect(formatRelative(new Date("2026-12-06T11:58:00Z"), now, "en")).toBe("2 minutes ago");
    expect(formatRelative(new Date("2026-12-06T12:00:00Z"), now, "en")).toBe("now");
    expect(formatRelative(new Date("2026-12-05T12:00:00Z"), now, "en")).toBe("yesterday");
    expect(formatRelative(new Date("2026-12-06T15:00:00Z"), now, "es")).toBe("dentro de 3 horas");
  });

  it("knows the IANA zones, offers them all with UTC, and refuses anything else", () => {
    expect(isTimeZone("America/Chicago")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    for (const bad of ["Mars/Olympus", "", "America/Chicago\n", "../etc/passwd", "x".repeat(65), 42, null]) expect(isTimeZone(bad)).toBe(false);
    expect(timeZoneChoices()).toEqual(expect.arrayContaining(["America/Chicago", "Europe/Madrid", "UTC"]));
    expect(timeZoneChoices().every(isTimeZone)).toBe(true);
  });

  it("validates PORTAL_TIME_ZONE at start, naming the variable, and defaults to UTC", () => {
    expect(parseConfig({ NODE_ENV: "test" }).portalTimeZone).toBe("UTC");
    expect(parseConfig({ NODE_ENV: "test", PORTAL_TIME_ZONE: "America/Chicago" }).portalTimeZone).toBe("America/Chicago");
    expect(() => parseConfig({ NODE_ENV: "test", PORTAL_TIME_ZONE: "Central Time" })).toThrow(ConfigurationError);
    expect(() => parseConfig({ NODE_ENV: "test", PORTAL_TIME_ZONE: "Central Time" })).toThrow(/PORTAL_TIME_ZONE.*IANA time zone/);
  });
});
