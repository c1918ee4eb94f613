import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { bumpSessionVersion } from "@/lib/customers/customers";
import { lockCustomer } from "@/lib/customers/lookup";
import { now } from "@/lib/clock";
import { db, type Database, type Executor } from "@/lib/db";
import { customers, sessions, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { IDLE_CLOCK_RESOLUTION_MS, isWithinLimits, sessionLimits, type SessionClaims } from "@/lib/auth/session-limits";
import { openSession } from "@/lib/auth/session-cookie";
import { endChallengesOf } from "@/lib/auth/sign-in-challenge";
import { forgetTrustedBrowsers } from "@/lib/auth/two-step/trusted-browser";

/**
 * Sessions on the server (the sessions table is owned here). A session is live while its row has
 * not ended, its customer is enabled, and the cookie's session version is the customer's (S23,
 * S33); the check is one indexed query per request.
 */

/** A session about to start: the claims its cookie carries and the row that makes it live. */
export type NewSession = { claims: SessionClaims; row: typeof sessions.$inferInsert };

/**
 * S32: a new session, with a new id, at every sign-in — not yet written (startSession writes it
 * alone; a finished sign-in writes it with the sign-in's records in one statement, issue 25).
 * wayInTrustStart (issue 22): signed in with a passkey or external identity, the trust start of the
 * session that added it — this session trusts from the earlier of that and now, so recovery that
 * removes "what was added since the asking session's trust start" reaches a way in added before.
 */
export function newSession(
  customer: Pick<Customer, "id" | "sessionVersion">,
  remember: boolean,
  meta: RequestMeta | null,
  wayInTrustStart?: Date | null,
  time: Date = now(),
): NewSession {
  const trustStart = wayInTrustStart && wayInTrustStart < time ? wayInTrustStart : time;
  const claims: SessionClaims = {
    sub: customer.id,
    sid: randomBytes(18).toString("base64url"),
    sv: customer.sessionVersion,
    authTime: time.getTime(),
    lastSeen: time.getTime(),
    remember,
  };
  const row = {
    id: claims.sid,
    customerId: customer.id,
    remember,
    createdAt: time,
    trustStart,
    lastSeenAt: time,
    expiresAt: new Date(time.getTime() + sessionLimits(remember).absoluteMs),
    ip: meta?.ip ?? null,
    userAgent: meta?.userAgent ?? null,
  };
  return { claims, row };
}

/** S32: starts a new session now; returns the claims its cookie carries. */
export async function startSession(
  customer: Pick<Customer, "id" | "sessionVersion">,
  remember: boolean,
  meta: RequestMeta | null,
  given?: Executor,
  wayInTrustStart?: Date | null,
): Promise<SessionClaims> {
  const session = newSession(customer, remember, meta, wayInTrustStart);
  await sessionInsert(given ?? (await db()), session);
  return session.claims;
}

/** The statement that writes a new session, not yet run (a finished sign-in makes it part of one statement). */
export function sessionInsert(database: Executor, session: NewSession) {
  return database.insert(sessions).values(session.row);
}

/**
 * Issue 25: the check every signed-in request makes, built once per database and kept as a
 * prepared query — building its SQL (a join and six conditions) cost about as much CPU as
 * running it. Still one indexed query per request against the database (S23, S31, S33).
 */
const liveSessionChecks = new WeakMap<Database, ReturnType<typeof prepareLiveSessionCheck>>();

function prepareLiveSessionCheck(database: Database) {
  return database
    .select({ customer: customers, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(customers, eq(customers.id, sessions.customerId))
    .where(
      and(
        eq(sessions.id, sql.placeholder("sid")),
        sql`${sessions.customerId}::text = ${sql.placeholder("sub")}`,
        isNull(sessions.endedAt),
        sql`${sessions.expiresAt} > ${sql.placeholder("time")}::timestamptz`,
        eq(customers.disabled, false),
        eq(customers.sessionVersion, sql.placeholder("sv")),
      ),
    )
    .limit(1)
    .prepare("live_session_check");
}

/** The signed-in customer these claims stand for, or undefined when the session no longer counts. */
export async function customerOfSession(claims: SessionClaims): Promise<Customer | undefined> {
  const time = now();
  if (!isWithinLimits(claims, time)) return undefined;
  const database = await db();
  let check = liveSessionChecks.get(database);
  if (!check) liveSessionChecks.set(database, (check = prepareLiveSessionCheck(database)));
  const [row] = await check.execute({ sid: claims.sid, sub: claims.sub, time: time.toISOString(), sv: claims.sv });
  if (!row) return undefined;
  // "Where you're signed in" shows when a session was last used, to the minute: one write a minute.
  if (time.getTime() - row.lastSeenAt.getTime() > IDLE_CLOCK_RESOLUTION_MS) {
    void touchSession(claims.sid, time).catch(() => {});
  }
  return row.customer;
}

async function touchSession(sessionId: string, time: Date) {
  await (await db()).update(sessions).set({ lastSeenAt: time }).where(eq(sessions.id, sessionId));
}

export type SessionState = "live" | "ended" | "none";

/** Whether a session cookie (its raw value) stands for a live session, an ended one, or none at all. */
export async function sessionStateOf(cookieValue: string | undefined): Promise<SessionState> {
  if (!cookieValue) return "none";
  const claims = await openSession(cookieValue);
  return claims && (await customerOfSession(claims)) ? "live" : "ended";
}

/**
 * Issue 22, S49: whether a way in may still be added for this customer from this session, asked in
 * the transaction that adds it, with the customer's row locked: the customer (as locked) when it
 * may, else null. Every recovery path changes that
 * row (the session version moves on) in the transaction that ends sessions, so one that committed
 * after the request's own check is seen here (it ended the session), and one still running waits
 * for this transaction, whose way in it then treats as any other added before it. No session (an
 * admin's or a test's change): the account alone is checked.
 */
export async function mayStillAddWayIn(tx: Executor, customerId: string, sessionId: string | undefined): Promise<Customer | null> {
  const customer = await lockCustomer(tx, customerId);
  // Not the block a lockout sets: a stranger's wrong passwords must not stop the owner adding a way in.
  if (!customer || customer.disabled) return null;
  if (sessionId === undefined) return customer;
  const [live] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.customerId, customerId), isNull(sessions.endedAt), gt(sessions.expiresAt, now())))
    .limit(1);
  return live ? customer : null;
}

/** S33: "Sign out" — this session ends on the server, so a copy of its cookie is refused. */
export async function endSession(sessionId: string) {
  await (await db()).update(sessions).set({ endedAt: now() }).where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
}

/**
 * Issue 22: where a session's trust began (null for an unknown session). A way in added from this
 * session carries it (passkeys.trust_start, accounts.trust_start); rows from before the column use
 * their sign-in time, the old behaviour.
 */
export async function trustStartOf(sessionId: string, given?: Executor): Promise<Date | null> {
  const [row] = await (given ?? (await db()))
    .select({ trustStart: sql<Date>`coalesce(${sessions.trustStart}, ${sessions.createdAt})`.mapWith(sessions.createdAt) })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row?.trustStart ?? null;
}

/** A session as "Where you're signed in" lists it (issue 16). */
export type LiveSession = { id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null; remember: boolean };

/**
 * The customer's sessions that still count: not ended, inside their absolute limit, and used
 * within their idle limit (the row's clock runs up to a minute behind the cookie's), newest first.
 */
export async function liveSessionsOf(customerId: string): Promise<LiveSession[]> {
  const time = now().getTime();
  const idleSince = (remember: boolean) => new Date(time - sessionLimits(remember).idleMs - IDLE_CLOCK_RESOLUTION_MS).toISOString();
  return (await db())
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent, remember: sessions.remember })
    .from(sessions)
    .where(
      and(
        eq(sessions.customerId, customerId),
        isNull(sessions.endedAt),
        sql`${sessions.expiresAt} > ${new Date(time).toISOString()}::timestamptz`,
        sql`${sessions.lastSeenAt} > case when ${sessions.remember} then ${idleSince(true)}::timestamptz else ${idleSince(false)}::timestamptz end`,
      ),
    )
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}

/** "Sign out" of one of the customer's own sessions from another device; false when it was not theirs or had ended. */
export async function endSessionOf(customerId: string, sessionId: string): Promise<boolean> {
  const ended = await (await db())
    .update(sessions)
    .set({ endedAt: now() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.customerId, customerId), isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  return ended.length === 1;
}

/** Ends every session of the customer but one (the one that asked). */
export async function endOtherSessions(customerId: string, keepSessionId: string, given?: Executor) {
  await (given ?? (await db()))
    .update(sessions)
    .set({ endedAt: now() })
    .where(and(eq(sessions.customerId, customerId), ne(sessions.id, keepSessionId), isNull(sessions.endedAt)));
}

/**
 * S23, S33: ends every session the customer has, on every device — including one being started
 * at this very moment with the old password, since its claims carry the old session version.
 * Returns the new session version.
 */
export async function endAllSessions(tx: Executor, customerId: string): Promise<number> {
  await tx.update(sessions).set({ endedAt: now() }).where(and(eq(sessions.customerId, customerId), isNull(sessions.endedAt)));
  // Issue 17: "sign out of all devices" and a password reset also end "remember this browser" and
  // any sign-in waiting for its second step.
  await forgetTrustedBrowsers(tx, customerId);
  await endChallengesOf(tx, customerId);
  return bumpSessionVersion(tx, customerId);
}

/** Drops rows of sessions that ended or expired more than a day ago. */
export async function pruneSessions(executor?: Executor) {
  const cutoff = new Date(now().getTime() - 24 * 60 * 60 * 1000);
  await (executor ?? (await db())).delete(sessions).where(or(lt(sessions.expiresAt, cutoff), lt(sessions.endedAt, cutoff)));
}
