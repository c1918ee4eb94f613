import { recordAudit } from "@/lib/audit";
import { setPasswordHash } from "@/lib/customers/customers";
import { findCustomerById } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { checkNewPassword, normalizePassword, type PasswordRefusal } from "@/lib/auth/password-policy";
import { sendPasswordChangedNotice } from "@/lib/auth/security-notices";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import { recoverAccount } from "@/lib/auth/recovery";
import { customerOfSession, mayStillAddWayIn } from "@/lib/auth/sessions";
import { confirmCurrentPassword } from "@/lib/auth/sign-in";
import { writeSessionCookie } from "@/lib/auth/session-cookie";

export type ChangePasswordOutcome =
  | { ok: true }
  | { ok: false; reason: "wrong_password" | "session_ended" | "reauthenticate" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "policy"; refusal: PasswordRefusal };

/**
 * A signed-in customer's password change. In one transaction: the new hash, a new session version
 * (so a session being started elsewhere with the old password at this moment is void too, S23),
 * every other session, pending second step and remembered browser ended, reset links void (S12),
 * the audit events and the notice (S41) — lib/auth/recovery.ts. The
 * session that made the change goes on, with a cookie carrying the new version.
 *
 * Pressed several times at once from one device (a double click, a form sent again), the change
 * is made once, like "Sign out of all other devices": the customer's row is locked and a press
 * that finds the version moved on from its cookie's changes nothing and mails nothing. While this
 * session is live only this session's own presses move the version and keep it (any other change
 * of the version ends every session), so that press answers as the first did — with a cookie
 * carrying the version now, or this device would be signed out by whichever answer it read last
 * — when the account's password is now the one it asked for; otherwise the current password it
 * was sure of no longer is, and it says so.
 */
export async function changePassword(
  customer: Customer,
  session: SessionClaims,
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
  locale?: string,
): Promise<ChangePasswordOutcome> {
  // Issue 22, S48: a new password is a new way in: a recent sign-in that passed every step, first.
  if (!(await hasRecentFullSignIn(customer, session))) return { ok: false, reason: "reauthenticate" };
  const confirmed = await confirmCurrentPassword(customer, currentPassword, meta);
  if (!confirmed.ok) {
    if (confirmed.reason === "throttled") return { ok: false, reason: "throttled", retryAfterSeconds: confirmed.retryAfterSeconds };
    // The current password may have been changed by another press of this device a moment ago.
    return (await answerAsTheFirstPress(session, newPassword, { counted: meta })) ?? { ok: false, reason: "wrong_password" };
  }
  const verdict = checkNewPassword(newPassword, customer);
  if (!verdict.ok) return { ok: false, reason: "policy", refusal: verdict };
  const passwordHash = await hashPassword(verdict.password);

  const changed = await (await db()).transaction(async (tx) => {
    // The account locked, and this session still live in it: an email change confirmed a moment
    // ago ended every other session, and a session that has ended sets no password (S48, S49).
    const locked = await mayStillAddWayIn(tx, customer.id, session.sid);
    if (!locked) return null;
    if (locked.sessionVersion !== session.sv) return "moved" as const;
    const updated = await setPasswordHash(tx, customer.id, passwordHash);
    if (!updated) return null;
    await recordAudit({ event: "password_changed", customerId: customer.id, meta }, tx);
    // Issue 22, item 4: also a sign-in waiting at its second step with the old password, and remembered browsers.
    const { sessionVersion: version } = await recoverAccount(tx, customer.id, "password_changed", { keepSessionId: session.sid, keepSessionVersion: session.sv, meta });
    await sendPasswordChangedNotice(tx, updated, "changed", meta, locale);
    return version;
  });
  if (changed === "moved") return (await answerAsTheFirstPress(session, newPassword, { currentPasswordConfirmed: true })) ?? { ok: false, reason: "wrong_password" };
  if (changed === null) return { ok: false, reason: "session_ended" };
  await writeSessionCookie({ ...session, sv: changed });
  return { ok: true };
}

/**
 * For a press that found the version moved on from its cookie's during its request: when the
 * session is still live at the version now and the account's password is the new one this press
 * asked for, the change it asked for is made — ok, with a cookie carrying the version now (no
 * second change, no second notice). Otherwise null.
 *
 * S27, S45: a press whose current password was wrong reaches this too, and this session can move
 * the version itself ("Sign out of all other devices" asks no password), so there the new password
 * is a guess at the account's password like any other: counted before argon2id runs and refused
 * while the account is locked or blocked (confirmCurrentPassword; a right one clears the count).
 * A press whose current password was just confirmed guesses nothing it did not know and is not
 * counted again (its session is the one that moved the version: any other change of it ends every
 * other session), so of a double click's presses only one that arrived after the change (its
 * current password now wrong) takes a second attempt, and its right answer clears the count.
 */
async function answerAsTheFirstPress(
  session: SessionClaims,
  newPassword: string,
  check: { counted: RequestMeta } | { currentPasswordConfirmed: true },
): Promise<ChangePasswordOutcome | null> {
  const account = await findCustomerById(session.sub);
  if (!account || account.sessionVersion === session.sv || !account.passwordHash) return null;
  const reissued = { ...session, sv: account.sessionVersion };
  if (!(await customerOfSession(reissued))) return null;
  if ("counted" in check) {
    const confirmed = await confirmCurrentPassword(account, newPassword, check.counted);
    if (!confirmed.ok) return confirmed.reason === "throttled" ? { ok: false, reason: "throttled", retryAfterSeconds: confirmed.retryAfterSeconds } : null;
  } else if (!(await verifyPassword(account.passwordHash, { normalized: normalizePassword(newPassword), asTyped: newPassword }))) {
    return null;
  }
  await writeSessionCookie(reissued);
  return { ok: true };
}
