import { encode } from "next-auth/jwt";
import type { Session } from "next-auth";
import { cookies } from "next/headers";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { LONGEST_SESSION_SECONDS, sessionCookieName, sessionCookieOptions } from "@/lib/auth/session-policy";

/**
 * S23: after a password change every session ends except the one that made the change. That one
 * gets a new token carrying the new session version; its id and limits stay as they were.
 */
export async function reissueCurrentSession(session: Session, sessionVersion: number) {
  const claims = {
    sub: session.user?.id,
    sid: session.sessionId,
    sv: sessionVersion,
    authTime: session.authTime,
    lastSeen: now().getTime(),
    remember: session.remember,
  };
  const name = sessionCookieName();
  const value = await encode({ token: claims, secret: config().authSecret, salt: name, maxAge: LONGEST_SESSION_SECONDS });
  (await cookies()).set(name, value, sessionCookieOptions(claims));
}
