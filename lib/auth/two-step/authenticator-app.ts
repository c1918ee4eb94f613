import { and, eq, gte, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { authenticatorApps, type Customer } from "@/lib/db/schema";
import { normalizeCode } from "@/lib/auth/two-step/email-code";
import { openSecret, sealSecret } from "@/lib/auth/two-step/secret-box";

/**
 * An authenticator app (TOTP, RFC 6238; the authenticator_apps table is owned here): SHA-1, 6
 * digits, 30-second steps — what every app understands. A code is accepted for the step before,
 * the current one and the next (clocks drift), and a step once used is never accepted again, nor
 * any step before it: the newest used step is recorded in the same statement that accepts a code,
 * so of simultaneous requests with one code only one succeeds.
 */
const PERIOD_SECONDS = 30;
const WINDOW_STEPS = 1;

function totp(secret: Secret | string, label: string): TOTP {
  return new TOTP({ issuer: config().branding.portalName, label, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret });
}

/** The time step a code typed now belongs to, or null when it matches none in the window. */
function matchingStep(secret: string, typed: string): number | null {
  const code = normalizeCode(typed);
  if (!/^\d{6}$/.test(code)) return null;
  const timestamp = now().getTime();
  const delta = totp(Secret.fromBase32(secret), "").validate({ token: code, timestamp, window: WINDOW_STEPS });
  return delta === null ? null : Math.floor(timestamp / 1000 / PERIOD_SECONDS) + delta;
}

async function appRow(customerId: string, executor?: Executor) {
  const [row] = await (executor ?? (await db())).select().from(authenticatorApps).where(eq(authenticatorApps.customerId, customerId)).limit(1);
  return row;
}

export async function hasAuthenticatorApp(customerId: string): Promise<boolean> {
  return (await appRow(customerId))?.confirmedAt != null;
}

/** hasAuthenticatorApp as a condition, for the one query of the second-step decision (issue 25). */
export function hasAuthenticatorAppCondition(customerId: string): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${authenticatorApps} where ${authenticatorApps.customerId} = ${customerId} and ${authenticatorApps.confirmedAt} is not null)`;
}

/** Starts setting an app up: a new secret, waiting for its first code. Refused while one is on. */
export async function beginAuthenticatorSetUp(customer: Pick<Customer, "id">): Promise<boolean> {
  const sealed = sealSecret(new Secret({ size: 20 }).base32, customer.id);
  const rows = await (await db())
    .insert(authenticatorApps)
    .values({ customerId: customer.id, sealedSecret: sealed, createdAt: now() })
    .onConflictDoUpdate({ target: authenticatorApps.customerId, set: { sealedSecret: sealed, createdAt: now(), lastUsedStep: null }, where: isNull(authenticatorApps.confirmedAt) })
    .returning({ customerId: authenticatorApps.customerId });
  return rows.length === 1;
}

export type PendingSetUp = { secret: string; uri: string; qrCode: string };

/** The set-up waiting for its first code: the secret as text (in groups of four), its otpauth URI, and a QR code of it (an SVG data URL, made here: no third party sees the secret). */
export async function pendingAuthenticatorSetUp(customer: Pick<Customer, "id" | "username">): Promise<PendingSetUp | null> {
  const row = await appRow(customer.id);
  if (!row || row.confirmedAt) return null;
  const secret = openSecret(row.sealedSecret, customer.id);
  if (!secret) return null;
  const uri = totp(Secret.fromBase32(secret), customer.username).toString();
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/**
 * The customer's app and the time step a typed code matches (null when it matches none): for an app
 * that is on, or for a set-up still waiting for its first code — never the one for the other.
 */
async function typedCodeStep(customerId: string, typed: string, state: "on" | "set-up") {
  const row = await appRow(customerId);
  const inState = row && (state === "on" ? row.confirmedAt != null : row.confirmedAt == null);
  const secret = row && inState ? openSecret(row.sealedSecret, customerId) : null;
  return { row, step: secret ? matchingStep(secret, typed) : null };
}

/** The first code: the app is on from now, and that code's step counts as used. */
export async function confirmAuthenticatorSetUp(customerId: string, typed: string): Promise<boolean> {
  const { row, step } = await typedCodeStep(customerId, typed, "set-up");
  if (!row || step === null) return false;
  const confirmed = await (await db())
    .update(authenticatorApps)
    .set({ confirmedAt: now(), lastUsedStep: step })
    .where(and(eq(authenticatorApps.customerId, customerId), isNull(authenticatorApps.confirmedAt), eq(authenticatorApps.sealedSecret, row.sealedSecret)))
    .returning({ customerId: authenticatorApps.customerId });
  return confirmed.length === 1;
}

/** A code at sign-in: true once per time step (replay refused), in one conditional UPDATE. */
export async function acceptAuthenticatorCode(customerId: string, typed: string): Promise<boolean> {
  const { row, step } = await typedCodeStep(customerId, typed, "on");
  if (!row || step === null) return false;
  const accepted = await (await db())
    .update(authenticatorApps)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(authenticatorApps.customerId, customerId),
        isNotNull(authenticatorApps.confirmedAt),
        eq(authenticatorApps.sealedSecret, row.sealedSecret),
        or(isNull(authenticatorApps.lastUsedStep), lt(authenticatorApps.lastUsedStep, sql`${step}::bigint`)),
      ),
    )
    .returning({ customerId: authenticatorApps.customerId });
  return accepted.length === 1;
}

/** Whether a code that did not pass is a right one whose step was already used (a double-click, or a replay). */
export async function isUsedAuthenticatorCode(customerId: string, typed: string): Promise<boolean> {
  const { row, step } = await typedCodeStep(customerId, typed, "on");
  return row !== undefined && step !== null && row.lastUsedStep !== null && row.lastUsedStep >= step;
}

/** Turns the app off (or drops an unfinished set-up); true when one was on. */
export async function removeAuthenticatorApp(tx: Executor, customerId: string): Promise<boolean> {
  const rows = await tx.delete(authenticatorApps).where(eq(authenticatorApps.customerId, customerId)).returning({ confirmedAt: authenticatorApps.confirmedAt });
  return rows.some((row) => row.confirmedAt !== null);
}

/** When the app on now was turned on (its first code); null when none is on. */
export async function authenticatorAppAddedAt(customerId: string): Promise<Date | null> {
  return (await appRow(customerId))?.confirmedAt ?? null;
}

/** Removes an app set up since a moment (S49: whoever set it up was in the account); true when one was on. */
export async function removeAuthenticatorAppAddedSince(tx: Executor, customerId: string, since: Date): Promise<boolean> {
  const rows = await tx
    .delete(authenticatorApps)
    .where(and(eq(authenticatorApps.customerId, customerId), gte(authenticatorApps.createdAt, since)))
    .returning({ confirmedAt: authenticatorApps.confirmedAt });
  return rows.some((row) => row.confirmedAt !== null);
}
