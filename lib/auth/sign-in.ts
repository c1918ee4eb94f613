import { auditInsert, auditWritten, recordAudit } from "@/lib/audit";
import { db, type Executor } from "@/lib/db";
import { queueLockoutAlert } from "@/lib/auth/security-notices";
import { claimPasswordAttempt, claimPasswordAttemptForNobody, noteSignIn, recordPasswordSuccess, signInNoted } from "@/lib/customers/customers";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { reservePoint } from "@/lib/http/rate-limit";
import { FAILURES_BEFORE_BLOCK, FAILURES_PER_LOCK, lockMinutes } from "@/lib/customers/lockout";
import { hashPassword, needsRehash, passwordHashFormat, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password-hash";
import { MAX_PASSWORD_LENGTH, normalizePassword, passwordLength } from "@/lib/auth/password-policy";

export type PasswordCheck =
  | { ok: true; customer: Customer }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

type Where = "sign_in" | "current_password";


/**
 * The one path every password takes (S29): sign-in and the current-password check on /account.
 *
 * S45: both limits are taken before argon2id runs, each in one atomic statement — a point of the
 * client's per-IP allowance (S28), given back when the password is right, and an attempt on the
 * account (S27), which is refused outright while the account is locked. So a burst of any size
 * gets exactly as many verifications as the rules allow, on any number of instances, and a right
 * password inside a burst past the limit is refused like any other.
 *
 * S25, S26: every failure looks the same to the caller and costs the same: one argon2id and one
 * ASP.NET Identity v2 verification (see verifyPassword) — dummies when the account is unknown,
 * locked, blocked, disabled or has no password.
 */
async function checkPassword(target: Customer | undefined, rawPassword: string, meta: RequestMeta, where: Where): Promise<PasswordCheck> {
  const client = await reservePoint("signInFailuresPerIp", meta.ip);
  if (client.limited) {
    await recordAudit({ event: "sign_in_throttled", customerId: target?.id ?? null, meta, details: { where } });
    return { ok: false, reason: "throttled", retryAfterSeconds: client.retryAfterSeconds };
  }

  const password = normalizePassword(rawPassword);
  const attempt = { normalized: password, asTyped: rawPassword };
  // S2: nothing over the maximum is ever hashed.
  const plausible = password.length > 0 && passwordLength(password) <= MAX_PASSWORD_LENGTH;
  const claimed = target && plausible ? await claimPasswordAttempt(target.id) : (await claimPasswordAttemptForNobody(), undefined);

  if (!claimed) {
    if (plausible) await verifyAgainstDummy(attempt);
    await recordAudit({ event: "sign_in_failed", customerId: target?.id ?? null, meta, details: { where, checked: false } });
    return { ok: false, reason: "invalid" };
  }

  if (await verifyPassword(claimed.passwordHash, attempt)) {
    // S5: a hash made with weaker parameters, or imported from Power Pages, becomes today's argon2id.
    const upgrade = needsRehash(claimed.passwordHash)
      ? { from: claimed.passwordHash, to: await hashPassword(password), format: passwordHashFormat(claimed.passwordHash) }
      : null;
    // Issue 25: the attempts forgiven (S27) and the client's point given back (S28) in one statement.
    await recordPasswordSuccess(claimed.id, upgrade, meta, client.givenBack(await db()));
    return { ok: true, customer: { ...claimed, failedSignIns: 0, lockedUntil: null } };
  }

  const failures = claimed.failedSignIns;
  await recordAudit({ event: "sign_in_failed", customerId: claimed.id, meta, details: { where, checked: true } });
  // Issue 16: the owner hears of a lock (once, as it starts) and of the block after 100 failures.
  if (failures >= FAILURES_BEFORE_BLOCK) {
    await recordAudit({ event: "password_sign_in_blocked", customerId: claimed.id, meta, details: { failures } });
    await queueLockoutAlert(await db(), claimed.id, { kind: "blocked" }, meta);
  } else if (failures % FAILURES_PER_LOCK === 0) {
    await recordAudit({ event: "lockout_started", customerId: claimed.id, meta, details: { failures, minutes: lockMinutes(failures) } });
    await queueLockoutAlert(await db(), claimed.id, { kind: "locked", minutes: lockMinutes(failures) }, meta);
  }
  return { ok: false, reason: "invalid" };
}

/** "Sign in with a local account": a username (or the account's email address) and a password. */
export async function signInWithPassword(login: string, rawPassword: string, meta: RequestMeta): Promise<PasswordCheck> {
  const trimmed = login.trim();
  const customer = trimmed.length > 0 && trimmed.length <= 254 ? await findCustomerByLogin(trimmed) : undefined;
  return checkPassword(customer, rawPassword, meta, "sign_in");
}

/**
 * A sign-in that made a session — the password alone, after a second step, a passkey or an
 * external account — and only then (issue 17): a right password still waiting for its second
 * step is not a sign-in, in the audit log or in "last signed in".
 */
export async function recordSignIn(customerId: string, meta: RequestMeta, details?: Record<string, unknown>) {
  await noteSignIn(customerId, meta.timeZone);
  await recordAudit({ event: "sign_in_succeeded", customerId, meta, details });
}

/**
 * recordSignIn's two writes as statements not yet run, for the end of a sign-in that makes them in
 * one statement with its session (issue 25); `written` notes the audit event once it has run.
 */
export function signInRecord(database: Executor, customerId: string, meta: RequestMeta, details: Record<string, unknown>, time: Date) {
  const entry = { event: "sign_in_succeeded" as const, customerId, meta, details };
  return { writes: [signInNoted(database, customerId, meta.timeZone, time), auditInsert(database, entry, time)], written: () => auditWritten(entry) };
}

/** S29: the current-password check on /account obeys the same limits as the sign-in page. */
export function confirmCurrentPassword(customer: Customer, rawPassword: string, meta: RequestMeta): Promise<PasswordCheck> {
  return checkPassword(customer, rawPassword, meta, "current_password");
}
