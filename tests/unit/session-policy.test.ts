import { DAY, HOUR, MINUTE } from "@/lib/clock";
import { applySessionCookiePolicy, serializeSessionCookie } from "@/lib/auth/session-cookie";
import { isSessionCurrent } from "@/lib/auth/session-policy";

const start = Date.parse("2026-11-27T12:00:00Z");
const token = (remember: boolean, lastSeen = start) => ({ sub: "c", sid: "s", sv: 1, authTime: start, lastSeen, remember });

describe("S31: session limits, enforced from the token's claims", () => {
  it("ends a browser session after 30 idle minutes", () => {
    expect(isSessionCurrent(token(false), new Date(start + 29 * MINUTE))).toBe(true);
    expect(isSessionCurrent(token(false), new Date(start + 31 * MINUTE))).toBe(false);
  });

  it("ends a browser session 12 hours after sign-in however active it is", () => {
    expect(isSessionCurrent(token(false, start + 12 * HOUR), new Date(start + 12 * HOUR + MINUTE))).toBe(false);
  });

  it("ends a remembered session after 7 idle days or 30 days in all", () => {
    expect(isSessionCurrent(token(true), new Date(start + 6 * DAY))).toBe(true);
    expect(isSessionCurrent(token(true), new Date(start + 7 * DAY + MINUTE))).toBe(false);
    expect(isSessionCurrent(token(true, start + 30 * DAY), new Date(start + 30 * DAY + MINUTE))).toBe(false);
  });

  it("refuses a token without the claims it needs", () => {
    expect(isSessionCurrent({ sub: "c" }, new Date(start))).toBe(false);
  });
});

describe("S30, S31: the session cookie", () => {
  it("is __Host- prefixed, HttpOnly, Secure, SameSite=Lax, without Domain or expiry when not remembered", () => {
    const cookie = serializeSessionCookie("value", { remember: false, authTime: start });
    expect(cookie).toBe("__Host-portal.session=value; Path=/; HttpOnly; SameSite=Lax; Secure");
  });

  it("expires with the 30-day limit when remembered, never later", () => {
    const cookie = serializeSessionCookie("value", { remember: true, authTime: start });
    expect(cookie).toContain(`Expires=${new Date(start + 30 * DAY).toUTCString()}`);
  });
});

describe("the proxy's session cookie rewriting", () => {
  const refreshed = "__Host-portal.session=abc; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax";
  const cleared = "__Host-portal.session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax";

  it("makes a refreshed browser-session cookie expire with the browser", () => {
    const headers = new Headers([["set-cookie", refreshed]]);
    applySessionCookiePolicy(headers, { remember: false, authTime: start });
    expect(headers.getSetCookie()).toEqual(["__Host-portal.session=abc; Path=/; HttpOnly; SameSite=Lax; Secure"]);
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it("drops a refresh on a prefetch, but never a cookie that clears the session", () => {
    const headers = new Headers([["set-cookie", refreshed]]);
    applySessionCookiePolicy(headers, { remember: false, authTime: start }, { refresh: false });
    expect(headers.getSetCookie()).toEqual([]);
    const clearing = new Headers([["set-cookie", cleared]]);
    applySessionCookiePolicy(clearing, null, { refresh: false });
    expect(clearing.getSetCookie()).toEqual([cleared]);
  });
});
