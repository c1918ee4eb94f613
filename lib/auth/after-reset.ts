import { cookies } from "next/headers";
import { recordAudit } from "@/lib/audit";
import { MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById, lockCustomer } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import type { KeptItem } from "@/lib/auth/two-step/method";
import { isTwoStepRequired } from "@/lib/auth/two-step/second-step";
import { openSecret, sealSecret } from "@/lib/auth/two-step/secret-box";
import { turnsTwoStepOn, wayInOfKind, waysIn } from "@/lib/auth/ways-in";

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

/** One way in as the list shows it: its kind (lib/auth/ways-in.ts) and the item its kind keeps. */
export type WayIn = KeptItem & { kind: string };

/** Every way into the account besides the new password, oldest first within each kind. */
export async function waysInOf(customer: Customer): Promise<WayIn[]> {
  const ways: WayIn[] = [];
  for (const way of waysIn()) for (const item of await way.list(customer)) ways.push({ kind: way.kind, ...item });
  return ways;
}

export type RemoveOutcome = "removed" | "not_found" | "required" | "no_review";

/**
 * "Remove" beside a way in, under the review only. Codes by email stay when two-step verification
 * is required and nothing else that turns it on is left (the next sign-in would set them up again anyway).
 */
export async function removeWayInAfterReset(kind: string, id: string, meta: RequestMeta): Promise<RemoveOutcome> {
  const customer = await customerUnderReview();
  if (!customer) return "no_review";
  const ways = await waysInOf(customer);
  const way = ways.find((candidate) => candidate.kind === kind && candidate.id === id);
  const keeper = wayInOfKind(kind);
  if (!way || !keeper) return "not_found";
  if (keeper.keptWhenRequiredAlone && isTwoStepRequired(customer) && !ways.some((other) => other.kind !== kind && turnsTwoStepOn(other.kind))) return "required";
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, customer.id);
    if (!(await keeper.remove(tx, customer.id, way.id))) return "not_found" as const;
    await recordAudit({ event: "way_in_removed_after_reset", customerId: customer.id, meta, details: { wayIn: way.kind } }, tx);
    return "removed" as const;
  });
}
