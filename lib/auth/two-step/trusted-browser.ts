import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { cookies } from "next/headers";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { trustedBrowsers, type Customer } from "@/lib/db/schema";
import { lockCustomer } from "@/lib/customers/lookup";
import type { RequestMeta } from "@/lib/http/client-ip";

/**
 * "Remember this browser" (issue 17; the trusted_browsers table is owned here): after a second
 * step, a browser may skip it for 30 days. The cookie holds 32 random bytes, the table their
 * SHA-256 and the customer they were given to, so the cookie cannot be forged or moved to another
 * account, and ending the row ends it. Rows are revoked by taking an account back (every path of
 * lib/auth/recovery.ts; "Sign out of all other devices" keeps this browser's) and turning two-step
 * verification off.
 *
 * Kept apart from any other per-browser cookie: this one only ever skips a second step.
 */
export const TRUSTED_BROWSER_LIFETIME_MS = 30 * DAY;

export function trustedBrowserCookieName(): string {
  return config().secureCookies ? "__Host-portal.trusted-browser" : "portal.trusted-browser";
}

function hashToken(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/**
 * Whether this browser was remembered by this customer, and still is: a condition for the one
 * query of the second-step decision (issue 25), or false when the browser has no such cookie.
 */
export async function trustedBrowserCondition(customerId: string): Promise<SQL<boolean> | false> {
  const tokenHash = await thisBrowsersTokenHash();
  if (!tokenHash) return false;
  return sql<boolean>`exists (select 1 from ${trustedBrowsers} where ${trustedBrowsers.tokenHash} = ${tokenHash} and ${trustedBrowsers.customerId} = ${customerId}
    and ${trustedBrowsers.revokedAt} is null and ${trustedBrowsers.expiresAt} > ${now().toISOString()}::timestamptz)`;
}

/**
 * Remembers this browser for the customer as the sign-in read them: a new row and its cookie
 * (Max-Age 30 days). Not once the account was taken back since (S49): every recovery path moves
 * the session version on with the customer's row locked, so this check, under the same lock, sees
 * one that committed after the sign-in read the customer and waits for one still running (which
 * then forgets this row with the rest). False: not remembered.
 */
export async function rememberBrowser(customer: Pick<Customer, "id" | "sessionVersion">, meta: RequestMeta): Promise<boolean> {
  const raw = randomBytes(32).toString("base64url");
  const time = now();
  const remembered = await (await db()).transaction(async (tx) => {
    const current = await lockCustomer(tx, customer.id);
    if (!current || current.disabled || current.sessionVersion !== customer.sessionVersion) return false;
    await tx.insert(trustedBrowsers).values({
      tokenHash: hashToken(raw),
      customerId: customer.id,
      userAgent: meta.userAgent,
      createdAt: time,
      expiresAt: new Date(time.getTime() + TRUSTED_BROWSER_LIFETIME_MS),
    });
    return true;
  });
  if (!remembered) return false;
  (await cookies()).set(trustedBrowserCookieName(), raw, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: config().secureCookies,
    maxAge: TRUSTED_BROWSER_LIFETIME_MS / 1000,
  });
  return true;
}

/** This browser's cookie, when it has one of the right shape: its token's hash, or null. */
async function thisBrowsersTokenHash(): Promise<string | null> {
  const raw = (await cookies()).get(trustedBrowserCookieName())?.value;
  return raw && /^[A-Za-z0-9_-]{43}$/.test(raw) ? hashToken(raw) : null;
}

/**
 * Every browser the customer remembered stops skipping the second step — but, with
 * keepThisBrowser ("Sign out of all other devices"), the browser of this request, whose session
 * goes on too: the owner pressing it on their own computer keeps that computer as it was.
 */
export async function forgetTrustedBrowsers(tx: Executor, customerId: string, options: { keepThisBrowser?: boolean } = {}) {
  const kept = options.keepThisBrowser ? await thisBrowsersTokenHash() : null;
  await tx
    .update(trustedBrowsers)
    .set({ revokedAt: now() })
    .where(and(eq(trustedBrowsers.customerId, customerId), isNull(trustedBrowsers.revokedAt), kept ? ne(trustedBrowsers.tokenHash, kept) : undefined));
}

/** Drops rows that ended more than a day ago. */
export async function pruneTrustedBrowsers(executor?: Executor) {
  const cutoff = new Date(now().getTime() - DAY);
  await (executor ?? (await db())).delete(trustedBrowsers).where(or(lt(trustedBrowsers.expiresAt, cutoff), lt(trustedBrowsers.revokedAt, cutoff)));
}
