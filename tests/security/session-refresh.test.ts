import { eq } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import { MINUTE } from "@/lib/clock";
import { db } from "@/lib/db";
import { sessions } from "@/lib/db/schema";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { signedInCookie } from "./support/attacker";

/**
 * Issue 25 (S31, S33): the proxy gives every request carrying the same stale session cookie the
 * refreshed cookie it sealed for the first, for a minute. Against the production build: requests
 * at once get one refreshed cookie, and neither that cookie nor the stale one opens a page once
 * the session has ended — each request still asks the database.
 */
const customer = { username: "refresher", email: "refresher@example.test", name: "Stale Cookie", password: "stale cookie lantern ridge" };
const ENGLISH = { "accept-language": "en" };

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

type Claims = { sub: string; sid: string; sv: number; authTime: number; lastSeen: number; remember: boolean };

function sessionPair(cookieHeader: string): { name: string; value: string } {
  const pair = cookieHeader.split(/;\s*/).find((part) => /^(__Host-)?portal\.session=/.test(part));
  if (!pair) throw new Error(`no session cookie in ${cookieHeader}`);
  const at = pair.indexOf("=");
  return { name: pair.slice(0, at), value: pair.slice(at + 1) };
}

const open = async (name: string, value: string) => (await decode({ token: value, secret: portal.environment.AUTH_SECRET!, salt: name })) as unknown as Claims;

async function page(path: string, cookie: string) {
  const response = await fetch(`${portal.baseUrl}${path}`, { redirect: "manual", headers: { cookie, ...ENGLISH } });
  const refreshed = response.headers.getSetCookie().find((line) => /^(__Host-)?portal\.session=/.test(line));
  return { status: response.status, location: response.headers.get("location"), cacheControl: response.headers.get("cache-control"), refreshed, body: await response.text() };
}

describe("the idle clock's refresh, against the production build", () => {
  it("gives requests with one stale cookie at once one refreshed cookie, and opens nothing with either once the session has ended (S31, S33)", async () => {
    const { name, value } = sessionPair(await signedInCookie(portal.baseUrl, customer.username, customer.password));
    const claims = await open(name, value);
    // The cookie a browser holds when its last page was two minutes ago (inside the 30-minute idle limit).
    const staleClaims = { ...claims, lastSeen: Date.now() - 2 * MINUTE };
    const stale = `${name}=${await encode({ token: staleClaims as never, secret: portal.environment.AUTH_SECRET!, salt: name, maxAge: 30 * 24 * 60 * 60 })}`;

    const answers = await Promise.all(Array.from({ length: 6 }, () => page("/knowledge-base", stale)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(customer.name);
      // S38: a response that sets the session cookie is never cached.
      expect(answer.cacheControl).toContain("no-store");
    }
    const refreshedCookies = new Set(answers.map((answer) => answer.refreshed?.split(";")[0]));
    expect(refreshedCookies.size).toBe(1);
    const refreshed = [...refreshedCookies][0]!;
    expect(refreshed).toBeDefined();
    const opened = await open(name, sessionPair(refreshed).value);
    expect(opened).toMatchObject({ sid: claims.sid, sub: claims.sub, authTime: claims.authTime });
    expect(opened.lastSeen).toBeGreaterThan(staleClaims.lastSeen + MINUTE);

    // Signed out elsewhere: the session's row ends. The next requests, with either cookie, at once, are signed out.
    await (await db()).update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, claims.sid));
    const after = await Promise.all([page("/knowledge-base", stale), page("/knowledge-base", refreshed), page("/account", stale), page("/account", refreshed)]);
    for (const answer of after.slice(0, 2)) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toContain(customer.name);
    }
    for (const answer of after.slice(2)) {
      // The page's own check (S34): the framework's redirect to "Sign in".
      expect([303, 307]).toContain(answer.status);
      expect(answer.location).toMatch(/\/signin\?callbackUrl=%2Faccount$/);
    }
  });
});
