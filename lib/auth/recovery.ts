import { and, eq, gte, isNull } from "drizzle-orm";
import { providersConnectedSince, recordAudit } from "@/lib/audit";
import { bumpSessionVersion, requirePasswordReset } from "@/lib/customers/customers";
import type { Executor } from "@/lib/db";
import { authenticatorApps, passkeys, recoveryCodes } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { disconnectProviders } from "@/lib/auth/external-sign-in";
import { voidResetLinks } from "@/lib/auth/password-reset";
import { endAllSessions, endOtherSessions } from "@/lib/auth/sessions";
import { endChallengesOf } from "@/lib/auth/sign-in-challenge";
import { forgetTrustedBrowsers } from "@/lib/auth/two-step/trusted-browser";

/**
 * Issue 22, S49: what taking an account back ends and removes, defined once. Every recovery path
 * calls recoverAccount in the transaction that makes its own change, so none of them can forget a
 * way in that someone else added. The README's recovery table is this one.
 *
 * - sessions: "all" ends every session (and bumps the session version, so a sign-in being made at
 *   this moment is void too); "others" keeps the one that asked.
 * - pendingSecondSteps: sign-ins waiting for their second step (a password typed before now).
 * - rememberedBrowsers: browsers that skip the second step.
 * - resetLinks: every reset link still unused (but the one being used, which the reset consumes).
 * - waysInSince: passkeys, an authenticator app, recovery codes and external identities added
 *   since the event being undone — whoever did it was in the account.
 * - blockPassword: password sign-in waits for a reset; meanwhile no other method signs in either.
 */
export type RecoveryPath = "email_change_cancelled" | "way_in_not_me" | "password_reset" | "password_changed" | "sign_out_everywhere" | "two_step_reset" | "disabled";

type RecoveryRule = {
  sessions: "all" | "others";
  pendingSecondSteps: boolean;
  rememberedBrowsers: boolean;
  resetLinks: boolean;
  waysInSince: boolean;
  blockPassword: boolean;
};

export const RECOVERY_RULES: Record<RecoveryPath, RecoveryRule> = {
  email_change_cancelled: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: true, waysInSince: true, blockPassword: true },
  way_in_not_me: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: true, waysInSince: true, blockPassword: true },
  password_reset: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: true, waysInSince: false, blockPassword: false },
  password_changed: { sessions: "others", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: true, waysInSince: false, blockPassword: false },
  sign_out_everywhere: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: false, waysInSince: false, blockPassword: false },
  two_step_reset: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: false, waysInSince: false, blockPassword: false },
  disabled: { sessions: "all", pendingSecondSteps: true, rememberedBrowsers: true, resetLinks: true, waysInSince: false, blockPassword: false },
};

export type RecoveryOptions = {
  /** For sessions: "others", the session that asked (it goes on). */
  keepSessionId?: string;
  /** For a reset, the link being used (consumed by the reset itself). */
  usedResetLink?: string;
  /** For waysInSince: the moment of the event being undone. */
  since?: Date;
  meta?: RequestMeta | null;
};

export type Recovered = { sessionVersion: number; removed: { passkeys: number; authenticatorApp: boolean; recoveryCodes: number; providers: string[] } };

export async function recoverAccount(tx: Executor, customerId: string, path: RecoveryPath, options: RecoveryOptions = {}): Promise<Recovered> {
  const rule = RECOVERY_RULES[path];
  let sessionVersion: number;
  if (rule.sessions === "all") sessionVersion = await endAllSessions(tx, customerId);
  else {
    // The session that asked goes on with a cookie carrying the new version (the caller writes it).
    sessionVersion = await bumpSessionVersion(tx, customerId);
    await endOtherSessions(customerId, options.keepSessionId ?? "", tx);
  }
  if (rule.pendingSecondSteps) await endChallengesOf(tx, customerId);
  if (rule.rememberedBrowsers) await forgetTrustedBrowsers(tx, customerId);
  if (rule.resetLinks) await voidResetLinks(tx, customerId, options.usedResetLink);
  const removed = rule.waysInSince && options.since ? await removeWaysInAddedSince(tx, customerId, options.since) : { passkeys: 0, authenticatorApp: false, recoveryCodes: 0, providers: [] };
  if (rule.blockPassword) await requirePasswordReset(tx, customerId);
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

/**
 * The ways in added since a moment: the thief's passkey, authenticator app (and the recovery codes
 * made with it, which they saw), and external identities connected since (from the audit log,
 * since Auth.js's accounts table keeps no time).
 */
async function removeWaysInAddedSince(tx: Executor, customerId: string, since: Date) {
  const removedPasskeys = await tx.delete(passkeys).where(and(eq(passkeys.customerId, customerId), gte(passkeys.createdAt, since))).returning({ id: passkeys.id });
  const removedApp = await tx
    .delete(authenticatorApps)
    .where(and(eq(authenticatorApps.customerId, customerId), gte(authenticatorApps.createdAt, since)))
    .returning({ confirmedAt: authenticatorApps.confirmedAt });
  const removedCodes = await tx
    .delete(recoveryCodes)
    .where(and(eq(recoveryCodes.customerId, customerId), gte(recoveryCodes.createdAt, since), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  const providers = await providersConnectedSince(customerId, since, tx);
  await disconnectProviders(tx, customerId, providers, "way_in_removed");
  return { passkeys: removedPasskeys.length, authenticatorApp: removedApp.some((row) => row.confirmedAt !== null), recoveryCodes: removedCodes.length, providers };
}
