import { sealSession, sessionCookieName } from "@/lib/auth/session-cookie";
import { startSession } from "@/lib/auth/sessions";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { verifiedSessions, type Customer } from "@/lib/db/schema";
import { request } from "./request-mocks";

/**
 * Who is asking, and what a server action answered, for tests that call actions directly (with
 * Next.js's request modules mocked by tests/support/request-mocks.ts). notFound() and redirect()
 * are Next.js's own: they throw errors whose digest says what they are.
 */

/**
 * The next requests come from this person's browser, with a fresh session (null: signed out) —
 * one that passed two-step verification (issue 17) unless `twoStep` is false.
 */
export async function actAs(customer: Pick<Customer, "id" | "sessionVersion"> | null, options: { twoStep?: boolean } = {}) {
  request.cookies.clear();
  if (!customer) return;
  const claims = await startSession(customer, false, null);
  if (options.twoStep !== false) await (await db()).insert(verifiedSessions).values({ sessionId: claims.sid, method: "email_code", verifiedAt: now() });
  request.cookies.set(sessionCookieName(), await sealSession(claims));
  return claims;
}

export type ActionAnswer = "not found" | `redirect ${string}` | "returned";

/** What an action did: answered 404, redirected (and where), or returned a form state. */
export async function answerOf(call: Promise<unknown>): Promise<ActionAnswer> {
  try {
    await call;
    return "returned";
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.includes(";404")) return "not found";
    if (digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
    throw error;
  }
}

export function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}
