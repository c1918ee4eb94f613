import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { isSessionCurrent, sessionCookieName } from "@/lib/auth/session-policy";
import { isSessionLive } from "@/lib/auth/sessions";

/** Whether the request that is finishing an external sign-in carries a session, and whether it still counts. */
export async function sessionStateOfRequest(): Promise<"live" | "ended" | "none"> {
  return sessionState((await cookies()).get(sessionCookieName())?.value);
}

export async function sessionState(token: string | undefined): Promise<"live" | "ended" | "none"> {
  const name = sessionCookieName();
  if (!token) return "none";
  try {
    const claims = await decode({ token, secret: config().authSecret, salt: name });
    if (claims && isSessionCurrent(claims, now()) && (await isSessionLive(claims))) return "live";
  } catch {
    // An unreadable cookie is an ended session.
  }
  return "ended";
}
