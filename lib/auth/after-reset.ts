import { and, desc, eq, isNull } from "drizzle-orm";
import { cookies } from "next/headers";
import { recordAudit } from "@/lib/audit";
import { MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { setEmailCodeRequired } from "@/lib/customers/customers";
import { findCustomerById } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { accounts, auditLog, authenticatorApps, passkeys, recoveryCodes, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { configuredProvider, disconnectProviders } from "@/lib/auth/external-sign-in";
import { removeAuthenticatorApp } from "@/lib/auth/two-step/authenticator-app";
import { dropRecoveryCodes } from "@/lib/auth/two-step/recovery-codes";
import { isTwoStepRequired } from "@/lib/auth/two-step/second-step";
import { openSecret, sealSecret } from "@/lib/auth/two-step/secret-box";

/**
 * Issue 22, S49: after a reset, "Your password has been reset." lists the account's ways in with
 * when each was added, each removable — so an owner taking the account back sees and removes what
 * a thief added. Only the person who just completed the reset may do that, in that browser, for
 * 10 minutes: the reset leaves a sealed, HttpOnly, SameSite=Strict cookie naming the customer and
 * the session version the reset made. Any later recovery (another reset, "This wasn't me", a
 * password change…) moves the version on, and the cookie opens nothing any more.
 */
const REVIEW_LIFETIME_MS = 10 * MINUTE;
const SEAL_USE = "after-reset";

export function afterResetCookieName(): string {
  return config().secureCookies ? "__Host-portal.after-reset" : "portal.after-reset";
}

function cookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: "strict" as const, path: "/", secure: config().secureCookies, maxAge: maxAgeSeconds };
}

/** Called by the reset form's action once the reset is made. */
export async function grantWaysInReview(customerId: string, sessionVersion: number) {
  const sealed = sealSecret(JSON.stringify({ sv: sessionVersion, until: now().getTime() + REVIEW_LIFETIME_MS }), `${SEAL_USE}:${customerId}`);
  (await cookies()).set(afterResetCookieName(), `${customerId}~${sealed}`, cookieOptions(REVIEW_LIFETIME_MS / 1000));
}

/** The customer this browser just reset, while the review lasts; null otherwise. */
export async function customerUnderReview(): Promise<Customer | null> {
  const value = (await cookies()).get(afterResetCookieName())?.value ?? "";
  const [customerId, sealed] = value.split("~");
  if (!customerId || !sealed || !/^[0-9a-f-]{36}$/.test(customerId)) return null;
  const opened = openSecret(sealed, `${SEAL_USE}:${customerId}`);
  if (!opened) return null;
  const grant = JSON.parse(opened) as { sv: number; until: number };
  if (grant.until <= now().getTime()) return null;
  const customer = await findCustomerById(customerId);
  return customer && !customer.disabled && customer.sessionVersion === grant.sv ? customer : null;
}

export type WayIn =
  | { kind: "passkey"; id: string; name: string; addedAt: Date }
  | { kind: "authenticator_app"; id: "app"; addedAt: Date }
  | { kind: "recovery_codes"; id: "codes"; left: number; addedAt: Date }
  | { kind: "email_code"; id: "email"; addedAt: null }
  | { kind: "external_identity"; id: string; name: string; addedAt: Date | null };

/** Every way into the account besides the new password, oldest first within each kind. */
export async function waysInOf(customer: Customer): Promise<WayIn[]> {
  const database = await db();
  const ways: WayIn[] = [];
  for (const passkey of await database.select().from(passkeys).where(eq(passkeys.customerId, customer.id)).orderBy(passkeys.createdAt)) {
    ways.push({ kind: "passkey", id: passkey.id, name: passkey.name, addedAt: passkey.createdAt });
  }
  const [app] = await database.select().from(authenticatorApps).where(eq(authenticatorApps.customerId, customer.id));
  if (app?.confirmedAt) ways.push({ kind: "authenticator_app", id: "app", addedAt: app.confirmedAt });
  const codes = await database
    .select({ createdAt: recoveryCodes.createdAt })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.customerId, customer.id), isNull(recoveryCodes.usedAt)));
  if (codes.length > 0) ways.push({ kind: "recovery_codes", id: "codes", left: codes.length, addedAt: codes[0].createdAt });
  if (customer.mfaEmailCodeRequired) ways.push({ kind: "email_code", id: "email", addedAt: null });
  for (const { provider } of await database.select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, customer.id))) {
    ways.push({ kind: "external_identity", id: provider, name: configuredProvider(provider)?.name ?? provider, addedAt: await connectedAt(customer.id, provider) });
  }
  return ways;
}

/** Auth.js's accounts table keeps no time: the newest audit record of the connection (none for old imports). */
async function connectedAt(customerId: string, provider: string): Promise<Date | null> {
  const rows = await (await db())
    .select({ at: auditLog.at, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, "external_account_connected")))
    .orderBy(desc(auditLog.at));
  return rows.find((row) => (row.details as { provider?: unknown } | null)?.provider === provider)?.at ?? null;
}

export type RemoveOutcome = "removed" | "not_found" | "required" | "no_review";

/**
 * "Remove" beside a way in, under the review only. Codes by email stay when two-step verification
 * is required and nothing else is on (the next sign-in would set them up again anyway).
 */
export async function removeWayInAfterReset(kind: string, id: string, meta: RequestMeta): Promise<RemoveOutcome> {
  const customer = await customerUnderReview();
  if (!customer) return "no_review";
  const ways = await waysInOf(customer);
  const way = ways.find((candidate) => candidate.kind === kind && candidate.id === id);
  if (!way) return "not_found";
  if (way.kind === "email_code" && isTwoStepRequired(customer) && !ways.some((other) => other.kind === "authenticator_app")) return "required";
  return (await db()).transaction(async (tx) => {
    let removed = true;
    if (way.kind === "passkey") removed = (await tx.delete(passkeys).where(and(eq(passkeys.customerId, customer.id), eq(passkeys.id, way.id))).returning()).length === 1;
    if (way.kind === "authenticator_app") removed = await removeAuthenticatorApp(tx, customer.id);
    if (way.kind === "recovery_codes") await dropRecoveryCodes(tx, customer.id);
    if (way.kind === "email_code") removed = await setEmailCodeRequired(tx, customer.id, false);
    if (way.kind === "external_identity") await disconnectProviders(tx, customer.id, [way.id], "removed_after_reset");
    if (!removed) return "not_found" as const;
    await recordAudit({ event: "way_in_removed_after_reset", customerId: customer.id, meta, details: { wayIn: way.kind } }, tx);
    return "removed" as const;
  });
}
