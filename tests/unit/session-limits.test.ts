import { DAY, HOUR, MINUTE } from "@/lib/clock";
import { openSession, refreshedSessionSetCookie, sealSession, sessionCookieName, sessionCookieOptions, sessionSetCookie } from "@/lib/auth/session-cookie";
import { isWithinLimits } from "@/lib/auth/session-limits";

const start = Date.parse("2026-11-27T12:00:00Z");
const claims = (remember: boolean, lastSeen = start) => ({ sub: "c", sid: "s", sv: 1, authTime: start, lastSeen, remember });

describe("S31: session limits, enforced from the cookie's claims", () => {
  it("ends a browser session after 30 idle minutes", () => {
    expect(isWithinLimits(claims(false), new Date(start + 29 * MINUTE))).toBe(true);
    expect(isWithinLimits(claims(false), new Date(start + 31 * MINUTE))).toBe(false);
  });

  it("ends a browser session 12 hours after sign-in however active it is", () => {
    expect(isWithinLimits(claims(false, start + 12 * HOUR), new Date(start + 12 * HOUR + MINUTE))).toBe(false);
  });

  it("ends a remembered session after 7 idle days or 30 days in all", () => {
    expect(isWithinLimits(claims(true), new Date(start + 6 * DAY))).toBe(true);
    expect(isWithinLimits(claims(true), new Date(start + 7 * DAY + MINUTE))).toBe(false);
    expect(isWithinLimits(claims(true, start + 30 * DAY), new Date(start + 30 * DAY + MINUTE))).toBe(false);
  });
});

describe("S30, S31: the session cookie", () => {
  it("is __Host- prefixed, HttpOnly, Secure, SameSite=Lax, without Domain or expiry when not remembered", async () => {
    const cookie = await sessionSetCookie(claims(false));
    expect(sessionCookieName()).toBe("__Host-portal.session");
    expect(cookie).toMatch(/^__Host-portal\.session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(cookie.length).toBeLessThan(4096);
  });

  it("ends with the session's absolute limit when remembered, and never slides past it", () => {
    expect(sessionCookieOptions(claims(true)).expires).toEqual(new Date(start + 30 * DAY));
    expect(sessionCookieOptions(claims(true, start + 10 * DAY)).expires).toEqual(new Date(start + 30 * DAY));
  });
});

describe("S31: the idle clock's refresh (issue 25)", () => {
  const valueOf = (setCookie: string) => setCookie.split(";")[0].slice(sessionCookieName().length + 1);

  it("gives requests that carry the same stale cookie at once one refreshed cookie, and a new one after the clock's resolution", async () => {
    const stale = claims(false);
    const cookie = await sealSession(stale);
    const other = { ...stale, sid: "another-session" };
    const otherCookie = await sealSession(other);
    const at = start + 2 * MINUTE;
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, () => refreshedSessionSetCookie(cookie, stale, at)),
      refreshedSessionSetCookie(otherCookie, other, at),
    ]);
    const mine = new Set(answers.slice(0, 8));
    expect(mine.size).toBe(1);
    expect(await openSession(valueOf([...mine][0]))).toEqual({ ...stale, lastSeen: at });
    expect(await openSession(valueOf(answers[8]))).toEqual({ ...other, lastSeen: at });
    const later = await refreshedSessionSetCookie(cookie, stale, at + 30_000);
    expect(mine.has(later)).toBe(true);
    const afterResolution = await refreshedSessionSetCookie(cookie, stale, at + MINUTE + 1);
    expect(await openSession(valueOf(afterResolution))).toEqual({ ...stale, lastSeen: at + MINUTE + 1 });
  });
});
