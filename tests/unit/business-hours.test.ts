import { addBusinessMinutes, businessMinutesBetween, parseBusinessHours, parseHolidays } from "@/lib/support/business-hours";

/** Issue 27: response targets count working time only — not nights, weekends or holidays — across clock changes. */
const chicago = parseBusinessHours("Mon-Fri 08:00-18:00 America/Chicago", ["2026-12-25"]);
const at = (iso: string) => new Date(iso);
const hours = (n: number) => n * 60;

describe("working time in SUPPORT_HOURS", () => {
  it("counts within a working day", () => {
    // Tuesday 1 December 2026, 10:00 in Chicago (CST, UTC-6).
    expect(addBusinessMinutes(at("2026-12-01T16:00:00Z"), hours(3), chicago)).toEqual(at("2026-12-01T19:00:00Z"));
  });

  it("starts at opening time when the clock starts before it, or in the evening", () => {
    expect(addBusinessMinutes(at("2026-12-01T12:00:00Z"), 30, chicago)).toEqual(at("2026-12-01T14:30:00Z"));
    // Tuesday 19:00 → Wednesday 09:00.
    expect(addBusinessMinutes(at("2026-12-02T01:00:00Z"), hours(1), chicago)).toEqual(at("2026-12-02T15:00:00Z"));
  });

  it("skips the weekend: Friday 17:00 plus 3 hours is Monday 10:00", () => {
    expect(addBusinessMinutes(at("2026-12-04T23:00:00Z"), hours(3), chicago)).toEqual(at("2026-12-07T16:00:00Z"));
    expect(businessMinutesBetween(at("2026-12-04T23:00:00Z"), at("2026-12-07T16:00:00Z"), chicago)).toBe(hours(3));
  });

  it("skips a holiday from the file: Christmas Eve 17:00 plus 2 hours is the Monday after, 09:00", () => {
    expect(addBusinessMinutes(at("2026-12-24T23:00:00Z"), hours(2), chicago)).toEqual(at("2026-12-28T15:00:00Z"));
    const noHolidays = parseBusinessHours("Mon-Fri 08:00-18:00 America/Chicago");
    expect(addBusinessMinutes(at("2026-12-24T23:00:00Z"), hours(2), noHolidays)).toEqual(at("2026-12-25T15:00:00Z"));
  });

  it("keeps local opening hours across a clock change: Friday 17:00 CDT plus 2 hours is Monday 09:00 CST", () => {
    // The clocks go back on Sunday 1 November 2026: UTC-5 before, UTC-6 after.
    expect(addBusinessMinutes(at("2026-10-30T22:00:00Z"), hours(2), chicago)).toEqual(at("2026-11-02T15:00:00Z"));
    // And forward on Sunday 8 March 2026.
    expect(addBusinessMinutes(at("2026-03-06T23:00:00Z"), hours(2), chicago)).toEqual(at("2026-03-09T14:00:00Z"));
  });

  it("counts real minutes on the day the clocks change", () => {
    const always = parseBusinessHours("Mon-Sun 00:00-24:00 America/Chicago");
    // 8 March 2026 has 23 hours in Chicago: a day's worth of working time ends at 01:00 the next day.
    expect(addBusinessMinutes(at("2026-03-08T06:00:00Z"), hours(24), always)).toEqual(at("2026-03-09T06:00:00Z"));
    expect(businessMinutesBetween(at("2026-03-08T06:00:00Z"), at("2026-03-09T05:00:00Z"), always)).toBe(hours(23));
    const sundays = parseBusinessHours("Sun 08:00-18:00 America/Chicago");
    expect(addBusinessMinutes(at("2026-03-08T12:00:00Z"), hours(10), sundays)).toEqual(at("2026-03-08T23:00:00Z"));
  });

  it("reads lists and ranges of days, including one that wraps past Sunday", () => {
    expect([...parseBusinessHours("Mon-Wed,Fri 09:00-17:00 UTC").days].sort()).toEqual([1, 2, 3, 5]);
    expect([...parseBusinessHours("Sat-Mon 09:00-17:00 UTC").days].sort()).toEqual([0, 1, 6]);
    expect(addBusinessMinutes(at("2026-12-05T16:00:00Z"), hours(2), parseBusinessHours("Sat-Mon 09:00-17:00 UTC"))).toEqual(at("2026-12-06T10:00:00Z"));
  });

  it.each([
    ["Mon-Fri 8-18 UTC", /HH:MM/],
    ["Mon-Fri 18:00-08:00 UTC", /closes before it opens/],
    ["Mon-Fry 08:00-18:00 UTC", /day of the week/],
    ["Mon-Fri 08:00-18:00 Mars/Olympus", /time zone/],
    ["Monday to Friday, 8 am to 6 pm", /days, hours and a time zone/],
  ])("refuses %s with a message that says why", (text, message) => {
    expect(() => parseBusinessHours(text)).toThrow(message);
  });

  it("reads a holiday file: one date a line, names and comments allowed; a bad line is named", () => {
    expect(parseHolidays("# 2026\n2026-12-25 Christmas Day\n\n2027-01-01\n")).toEqual(["2026-12-25", "2027-01-01"]);
    expect(() => parseHolidays("2026-12-25\n2026-02-30\n")).toThrow("line 2");
    expect(() => parseHolidays("Christmas")).toThrow("line 1");
  });

  it("gives up rather than loop forever when no day is ever worked", () => {
    expect(() => addBusinessMinutes(at("2026-12-01T00:00:00Z"), 1, { ...chicago, days: new Set() })).toThrow("no working time");
  });
});
