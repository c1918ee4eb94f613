import { randomUUID } from "node:crypto";
import { lt, sql } from "drizzle-orm";
import type { JWT } from "next-auth/jwt";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { customers, revokedSessions, type Customer } from "@/lib/db/schema";
import { sessionLimits } from "@/lib/auth/session-policy";

/** The claims a new session starts with (S32: a fresh session id at every sign-in). */
export function newSessionClaims(customer: Pick<Customer, "id" | "sessionVersion">, remember: boolean): JWT {
  const time = now().getTime();
  return { sub: customer.id, sid: randomUUID(), sv: customer.sessionVersion, authTime: time, lastSeen: time, remember };
}

/**
 * S23, S33: a session is live only while its customer exists, is enabled, has the session version
 * the token carries, and the session has not been signed out. One round trip per request.
 */
export async function isSessionLive(token: JWT): Promise<boolean> {
  if (!token.sub || !token.sid || typeof token.sv !== "number") return false;
  const database = await db();
  const rows = await database
    .select({
      sessionVersion: customers.sessionVersion,
      disabled: customers.disabled,
      revoked: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sessionId} = ${token.sid})`,
    })
    .from(customers)
    .where(sql`${customers.id}::text = ${token.sub}`)
    .limit(1);
  const row = rows[0];
  return Boolean(row) && !row.disabled && !row.revoked && row.sessionVersion === token.sv;
}

/** S33: ends one session on the server, so a copy of its cookie is refused afterwards. */
export async function revokeSession(sessionId: string, remember: boolean, authTime: number) {
  const database = await db();
  const expiresAt = new Date(authTime + sessionLimits(remember).absoluteMs);
  await database.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
}

/** Forgets revocations of sessions that would have expired anyway. */
export async function pruneRevokedSessions() {
  await (await db()).delete(revokedSessions).where(lt(revokedSessions.expiresAt, now()));
}
