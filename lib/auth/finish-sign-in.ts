import { recordAudit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { verifiedSessions, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { endReplacedSession } from "@/lib/auth/current-customer";
import { noteBrowserAtSignIn } from "@/lib/auth/known-browsers";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { newSession, sessionInsert } from "@/lib/auth/sessions";
import { signInRecord } from "@/lib/auth/sign-in";
import type { ExternalWayIn } from "@/lib/auth/sign-in-challenge";
import { rememberBrowser } from "@/lib/auth/two-step/trusted-browser";

/**
 * How a sign-in got its session. A passkey and an external identity carry the trust start of the
 * session that added them (issue 22); a second step after an external sign-in carries its
 * identity's (the pending state kept it, lib/auth/sign-in-challenge.ts).
 */
export type SignInWay =
  | { by: "password" }
  | { by: "second_step"; method: string; rememberBrowser: boolean; external: ExternalWayIn | null }
  | { by: "passkey"; passkeyId: string; trustStart: Date | null }
  | { by: "external"; provider: string; trustStart: Date | null };

type Finish = {
  remember: boolean;
  meta: RequestMeta;
  locale?: string;
  /** Auth.js writes its own cookie from the claims its callback returns (auth.ts); every other way writes it here. */
  writeCookie?: boolean;
};

/** The record of the sign-in in the audit log (S42): how, never a code or secret. */
function detailsOf(way: SignInWay): Record<string, unknown> {
  if (way.by === "password") return { method: "password" };
  if (way.by === "passkey") return { method: "passkey", passkey: way.passkeyId.slice(0, 16) };
  if (way.by === "external") return { method: "external", provider: way.provider };
  return { method: way.method, ...(way.external && { provider: way.external.provider }) };
}

function wayInTrustStart(way: SignInWay): Date | null {
  if (way.by === "passkey" || way.by === "external") return way.trustStart;
  if (way.by === "second_step") return way.external?.trustStart ?? null;
  return null;
}

/**
 * The one end of every sign-in (issue 24) — the password alone, a second step, a passkey, an
 * external account — so each is the same sign-in, done once: the session this browser had ends, a
 * new one starts (S32) with its trust start (issue 22, S49), the record that it passed two-step
 * verification (staff pages and S48 read it), "last signed in" and one sign_in_succeeded (S42),
 * the cookie, a remembered browser when ticked, and the new-browser check with its notice
 * (issue 16). Registration makes no session: its customers sign in afterwards, by one of these.
 *
 * Called only once the sign-in has won its race (the password's attempt, the challenge used up,
 * the passkey's counter), so simultaneous submissions of one sign-in make one session.
 */
export async function finishSignIn(customer: Customer, way: SignInWay, finish: Finish): Promise<SessionClaims> {
  const { meta, remember } = finish;
  await endReplacedSession();
  const time = now();
  const database = await db();
  const session = newSession(customer, remember, meta, wayInTrustStart(way), time);
  const passedMethod = way.by === "passkey" ? "passkey" : way.by === "second_step" ? way.method : null;
  const record = signInRecord(database, customer.id, meta, detailsOf(way), time);
  // Issue 25: the session, the record that it passed two-step verification, "last signed in", the
  // audit row and the browser's row are written by one statement (one round trip, all or none).
  await noteBrowserAtSignIn(customer, meta, finish.locale, [
    sessionInsert(database, session),
    ...(passedMethod ? [database.insert(verifiedSessions).values({ sessionId: session.claims.sid, method: passedMethod, verifiedAt: time })] : []),
    ...record.writes,
  ]);
  record.written();
  if (finish.writeCookie !== false) await writeSessionCookie(session.claims);
  // "Remember this browser" skips a second step after a password, so only a sign-in that took one
  // sets it, and never for staff (issue 17).
  if (way.by === "second_step" && way.rememberBrowser && customer.role === "customer") {
    if (await rememberBrowser(customer, meta)) await recordAudit({ event: "browser_remembered", customerId: customer.id, meta });
  }
  return session.claims;
}
