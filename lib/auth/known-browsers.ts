import { createHash, randomBytes } from "node:crypto";
import { and, eq, gte, lt, min, or, sql, type SQLWrapper } from "drizzle-orm";
import { cookies } from "next/headers";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById } from "@/lib/customers/lookup";
import { db, type Executor, type Transaction } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { knownBrowsers, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { consumeLimit } from "@/lib/http/rate-limit";
import { sendSecurityAlert } from "@/lib/auth/security-notices";
import { jobInsertWhen, jobQueued, type JobPayload } from "@/lib/jobs/queue";
import { writesFirst } from "@/lib/db/one-statement";

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

/** This browser, as the account's known_browsers rows name it: the SHA-256 of its cookie's id. */
export async function thisBrowser(): Promise<string> {
  return hashBrowserId(await browserId());
}

/** This browser's hash, or null when it has no browser cookie yet (reads, never sets one). */
export async function thisBrowserIfNamed(): Promise<string | null> {
  const id = (await cookies()).get(browserCookieName())?.value;
  return id && /^[A-Za-z0-9_-]{43}$/.test(id) ? hashBrowserId(id) : null;
}

/**
 * Issue 22, S49: the earliest moment whoever asks from `browserHash` could have been in the
 * account from a browser: the first sighting of that browser, or of any browser first seen on the
 * account since `lookBackFrom`, whichever is earlier (null: none). Taking an account back reaches
 * back to it (lib/account/email-change.ts): a thief who signed in, added a passkey and signed in
 * again with the password alone asks from a session that began after the passkey — from the same
 * browser, or from another one (cleared cookies, another device) first seen on the account since
 * the thief had the password. Which browser is whose cannot be told, so every recent one counts.
 */
export async function browsersFirstSeenSince(customerId: string, browserHash: string | null, lookBackFrom: Date, executor: Executor): Promise<Date | null> {
  const recent = gte(knownBrowsers.firstSeenAt, lookBackFrom);
  const [row] = await executor
    .select({ since: min(knownBrowsers.firstSeenAt) })
    .from(knownBrowsers)
    .where(and(eq(knownBrowsers.customerId, customerId), browserHash ? or(recent, eq(knownBrowsers.browserHash, browserHash)) : recent));
  return row?.since ?? null;
}

/**
 * Called once a sign-in has made a session (every way in, lib/auth/finish-sign-in.ts): records
 * the browser for the customer and, when the account has been seen on other browsers but not this
 * one, queues the mail to the customer. Says whether it queued one.
 *
 * Issue 25: one statement, no transaction — the browser's row, whether another browser was known
 * before it and the notice's job, together with `alongside` (the sign-in's session and records),
 * each a part of the same statement, so a sign-in's writes are one round trip, all or none. The mail
 * is rendered and sent by a job after the response, which also applies the limit of 5 an hour per
 * account: rendering React Email inside the sign-in cost more than all of its statements.
 */
export async function noteBrowserAtSignIn(customer: Customer, meta: RequestMeta, requestLocale?: string, alongside: SQLWrapper[] = []): Promise<{ alerted: boolean }> {
  const browserHash = await thisBrowser();
  const time = now();
  const database = await db();
  // One statement decides "new" (S45): of two sign-ins at once from one new browser, one inserts.
  const seen = database
    .insert(knownBrowsers)
    .values({ customerId: customer.id, browserHash, firstSeenAt: time, lastSeenAt: time })
    .onConflictDoUpdate({ target: [knownBrowsers.customerId, knownBrowsers.browserHash], set: { lastSeenAt: time } })
    .returning({ isNew: sql<boolean>`xmax = 0`.as("is_new") });
  const writes = writesFirst(alongside);
  // The first browser an account is seen on is its baseline (no mail); a new one after it is mailed
  // about. F3: the job is queued by this same statement, so the browser is never marked known
  // without its notice (a failure between two statements used to leave the retry "known" and unmailed).
  // The setting is read here, at the sign-in, and the job does not read it again (S45, S47): else
  // whoever signed in could switch "Security alerts" off before the job runs and silence the mail.
  const alert = customer.newBrowserAlerts
    ? sql`, alert as (${jobInsertWhen(
        NEW_BROWSER_ALERT_JOB,
        { customerId: customer.id, ip: meta.ip, userAgent: meta.userAgent, locale: requestLocale ?? null, at: time.toISOString() },
        sql`(select is_new from seen) and (select other_known from other)`,
        time,
      )})`
    : sql``;
  // The parts of one statement share its snapshot: "another browser" is one known before this sign-in.
  const [decision] = rowsOf<{ is_new: boolean; other_known: boolean; alert_job: number | string | null }>(
    await database.execute(sql`with ${writes}seen as (${seen.getSQL()}),
      other as (select exists (select 1 from ${knownBrowsers} where ${knownBrowsers.customerId} = ${customer.id} and ${knownBrowsers.browserHash} <> ${browserHash}) as other_known)${alert}
      select (select is_new from seen) as is_new, (select other_known from other) as other_known,
        ${customer.newBrowserAlerts ? sql`(select id from alert)` : sql`null`} as alert_job`),
  );
  if (decision?.alert_job == null) return { alerted: false };
  jobQueued(Number(decision.alert_job));
  return { alerted: true };
}

export const NEW_BROWSER_ALERT_JOB = "security-alert.new-browser";

/**
 * The job: the new-browser mail, in the customer's language (else the sign-in page's), at most 5
 * an hour per account (S45: the limit is one atomic count, however many jobs run at once). An
 * account disabled since the sign-in gets none. Whether the alert is on was decided when the job
 * was queued: turning it off afterwards — which the new browser itself could do — does not stop it.
 */
export async function processNewBrowserAlert(payload: JobPayload, tx: Transaction) {
  const customer = typeof payload.customerId === "string" ? await findCustomerById(payload.customerId, tx) : undefined;
  if (!customer || customer.disabled) return;
  if ((await consumeLimit("newBrowserAlertsPerAccount", customer.id, tx)).limited) return;
  const meta = { ip: String(payload.ip ?? ""), userAgent: typeof payload.userAgent === "string" ? payload.userAgent : null };
  const at = typeof payload.at === "string" ? new Date(payload.at) : undefined;
  await sendSecurityAlert(tx, customer, { kind: "newBrowser", at }, meta, typeof payload.locale === "string" ? payload.locale : undefined);
}

/** Drops browsers an account has not been seen on for 400 days. */
export async function pruneKnownBrowsers(executor?: Executor) {
  await (executor ?? (await db())).delete(knownBrowsers).where(lt(knownBrowsers.lastSeenAt, new Date(now().getTime() - FORGOTTEN_AFTER_MS)));
}
