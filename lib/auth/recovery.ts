import { voidEmailChangeConfirmations } from "@/lib/account/email-change";
import { recordAudit } from "@/lib/audit";
import { bumpSessionVersion, moveSessionVersionOn, requirePasswordReset, setNewBrowserAlerts } from "@/lib/customers/customers";
import { lockCustomer } from "@/lib/customers/lookup";
import type { Executor } from "@/lib/db";
import type { RequestMeta } from "@/lib/http/client-ip";
import { voidResetLinks } from "@/lib/auth/password-reset";
import { endAllSessions, endOtherSessions } from "@/lib/auth/sessions";
import { endChallengesOf } from "@/lib/auth/sign-in-challenge";
import { forgetTrustedBrowsers } from "@/lib/auth/two-step/trusted-browser";
import { waysIn } from "@/lib/auth/ways-in";

/**
 * Issue 22, S49: what taking an account back ends and removes, defined once. Every recovery path
 * calls recoverAccount in the transaction that makes its own change, so none of them can forget a
 * way in that someone else added. The README's recovery table is this one.
 *
 * - sessions: "all" ends every session (and bumps the session version, so a sign-in being made at
 *   this moment is void too); "others" keeps the one that asked (and bumps it too: the caller
 *   writes that session a cookie with the new version).
 * - pendingSecondSteps: sign-ins waiting for their second step (a password typed before now).
 * - rememberedBrowsers: browsers that skip the second step — "all", or "others": all but the
 *   browser that asked (its mark goes on with its session; only that browser holds the cookie).
 * - resetLinks: every reset link still unused (but the one being used, which the reset consumes).
 * - on every path, the link to the new address of every email change still waiting (but one the
 *   session that goes on asked for): a thief's change must not complete after the owner is back.
 * - waysInSince: every way in added since the event being undone — passkeys, external identities
 *   and what each second-step method keeps (lib/auth/ways-in.ts) — whoever did it was in the account.
 * - blockPassword: password sign-in waits for a reset; meanwhile no other method signs in either.
 *   With it, mail about sign-ins from new browsers is turned back on: whoever was in may have
 *   turned it off, to hide a way in that is left.
 */
export type RecoveryPath =
  | "email_change_cancelled"
  | "way_in_not_me"
  | "password_reset"
  | "password_changed"
  | "sign_out_everywhere"
  | "sign_out_other_devices"
  | "two_step_reset"
  | "disabled";

type RecoveryRule = {
  sessions: "all" | "others";
  pendingSecondSteps: boolean;
  rememberedBrowsers: false | "all" | "others";
  resetLinks: boolean;
  waysInSince: boolean;
  blockPassword: boolean;
};

export const RECOVERY_RULES: Record<RecoveryPath, RecoveryRule> = {
  email_change_cancelled: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: true, waysInSince: true, blockPassword: true },
  way_in_not_me: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: true, waysInSince: true, blockPassword: true },
  password_reset: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: true, waysInSince: false, blockPassword: false },
  password_changed: { sessions: "others", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: true, waysInSince: false, blockPassword: false },
  sign_out_everywhere: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: false, waysInSince: false, blockPassword: false },
  sign_out_other_devices: { sessions: "others", pendingSecondSteps: true, rememberedBrowsers: "others", resetLinks: false, waysInSince: false, blockPassword: false },
  two_step_reset: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: false, waysInSince: false, blockPassword: false },
  disabled: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: "all", resetLinks: true, waysInSince: false, blockPassword: false },
};

export type RecoveryOptions = {
  /** For sessions: "others", the session that asked (it goes on). */
  keepSessionId?: string;
  /**
   * For sessions: "others", the version the asking session's cookie carries. When given, the
   * version moves on only from it: a second press from the same device at once finds it moved
   * and keeps the version the first made, so both answers give the device a cookie that counts
   * (the other sessions' rows were ended by the first press and are ended again by this one).
   */
  keepSessionVersion?: number;
  /** For a reset, the link being used (consumed by the reset itself). */
  usedResetLink?: string;
  /** For waysInSince: the moment of the event being undone. */
  since?: Date;
  meta?: RequestMeta | null;
};

/** removed: for waysInSince, what went of each kind of way in (its kind → what its removal answered). */
export type Recovered = { sessionVersion: number; removed: Record<string, unknown> };

export async function recoverAccount(tx: Executor, customerId: string, path: RecoveryPath, options: RecoveryOptions = {}): Promise<Recovered> {
  // The account's row before any of its sessions, links or ways in: every transaction that changes
  // how an account signs in takes it first (a path with work of its own before this call takes it
  // at its start), so two of them at once — a reset and the thief's email change confirmation,
  // say — wait for each other instead of each holding a row the other needs (a deadlock, a 500).
  await lockCustomer(tx, customerId);
  const rule = RECOVERY_RULES[path];
  let sessionVersion: number;
  if (rule.sessions === "all") sessionVersion = await endAllSessions(tx, customerId);
  else {
    // The session that asked goes on with a cookie carrying the new version (the caller writes it).
    sessionVersion =
      options.keepSessionVersion === undefined ? await bumpSessionVersion(tx, customerId) : await moveSessionVersionOn(tx, customerId, options.keepSessionVersion);
    await endOtherSessions(customerId, options.keepSessionId ?? "", tx);
  }
  if (rule.pendingSecondSteps) await endChallengesOf(tx, customerId);
  if (rule.rememberedBrowsers) await forgetTrustedBrowsers(tx, customerId, { keepThisBrowser: rule.rememberedBrowsers === "others" });
  if (rule.resetLinks) await voidResetLinks(tx, customerId, options.usedResetLink);
  await voidEmailChangeConfirmations(tx, customerId, rule.sessions === "others" ? (options.keepSessionId ?? "") : undefined);
  const removed = rule.waysInSince && options.since ? await removeWaysInAddedSince(tx, customerId, options.since) : {};
  if (rule.blockPassword) {
    await requirePasswordReset(tx, customerId);
    await setNewBrowserAlerts(customerId, true, tx);
  }
  await recordAudit(
    {
      event: "sessions_revoked",
      customerId,
      meta: options.meta ?? undefined,
      details: { reason: path, ...(rule.sessions === "others" && { keptCurrent: true }), ...(rule.waysInSince && { removed }) },
    },
    tx,
  );
  return { sessionVersion, removed };
}

/** The ways in added since a moment, of every kind: the thief's passkey, authenticator app (and the recovery codes made with it, which they saw), identities… */
async function removeWaysInAddedSince(tx: Executor, customerId: string, since: Date): Promise<Record<string, unknown>> {
  const removed: Record<string, unknown> = {};
  for (const way of waysIn()) removed[way.kind] = await way.removeAddedSince(tx, customerId, since);
  return removed;
}
