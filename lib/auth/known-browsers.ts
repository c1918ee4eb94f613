import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { knownBrowsers, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { consumeLimit } from "@/lib/http/rate-limit";
import { sendSecurityAlert } from "@/lib/auth/security-notices";

/**
 * Issue 16: "a sign-in from a browser not seen on this account before" (the known_browsers table is
 * owned here). A long-lived cookie holding 32 random bytes names the browser; only its SHA-256 is
 * stored, per customer. It is not a credential — it opens nothing and skips nothing — so it needs
 * no signature: a forged or copied one can at worst silence an alert for its own browser.
 *
 * The first browser an account is seen on becomes its baseline without a mail (there is nothing to
 * compare it with, and a mail would greet every new, imported or upgraded customer); every browser
 * after that is mailed about unless the customer turned the alert off. Cleared cookies look new.
 */
const COOKIE_LIFETIME_SECONDS = 400 * 24 * 60 * 60; // the longest browsers keep a cookie
/** A browser not seen on an account for this long is forgotten by it. */
const FORGOTTEN_AFTER_MS = 400 * DAY;

export function browserCookieName(): string {
  return config().secureCookies ? "__Host-portal.browser" : "portal.browser";
}

function hashBrowserId(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

/** This browser's id: the cookie's, or a new one set now (a server action or route handler may set cookies). */
async function browserId(): Promise<string> {
  const jar = await cookies();
  const existing = jar.get(browserCookieName())?.value;
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const created = randomBytes(32).toString("base64url");
  jar.set(browserCookieName(), created, { httpOnly: true, sameSite: "lax", path: "/", secure: config().secureCookies, maxAge: COOKIE_LIFETIME_SECONDS });
  return created;
}

/**
 * Called once a sign-in has made a session (password or external account): records the browser
 * for the customer and, when the account has been seen on other browsers but not this one, mails
 * the customer (at most 5 such mails an hour per account). Says whether a mail is waiting to go.
 */
export async function noteBrowserAtSignIn(customer: Customer, meta: RequestMeta, requestLocale?: string): Promise<{ alerted: boolean }> {
  const browserHash = hashBrowserId(await browserId());
  const time = now();
  return (await db()).transaction(async (tx) => {
    // One statement decides "new" (S45): of two sign-ins at once from one new browser, one inserts.
    const inserted = await tx
      .insert(knownBrowsers)
      .values({ customerId: customer.id, browserHash, firstSeenAt: time, lastSeenAt: time })
      .onConflictDoUpdate({ target: [knownBrowsers.customerId, knownBrowsers.browserHash], set: { lastSeenAt: time } })
      .returning({ isNew: sql<boolean>`xmax = 0` });
    if (!inserted[0]?.isNew || !customer.newBrowserAlerts) return { alerted: false };
    // Whether any other browser is known: one row is enough, however many the account has.
    const other = await tx
      .select({ one: sql<number>`1` })
      .from(knownBrowsers)
      .where(and(eq(knownBrowsers.customerId, customer.id), sql`${knownBrowsers.browserHash} <> ${browserHash}`))
      .limit(1);
    if (other.length === 0) return { alerted: false };
    if ((await consumeLimit("newBrowserAlertsPerAccount", customer.id, tx)).limited) return { alerted: false };
    await sendSecurityAlert(tx, customer, { kind: "newBrowser" }, meta, requestLocale);
    return { alerted: true };
  });
}

/** Drops browsers an account has not been seen on for 400 days. */
export async function pruneKnownBrowsers(executor?: Executor) {
  await (executor ?? (await db())).delete(knownBrowsers).where(lt(knownBrowsers.lastSeenAt, new Date(now().getTime() - FORGOTTEN_AFTER_MS)));
}
