import { createHash, randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { and, asc, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { cookies } from "next/headers";
import { HOUR, MINUTE, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import { passkeyChallenges, passkeys, type Customer } from "@/lib/db/schema";
import type { KeptWayIn } from "@/lib/auth/two-step/method";
import { mayStillAddWayIn } from "@/lib/auth/sessions";

/**
 * Passkeys (WebAuthn, with @simplewebauthn/server; the passkeys and passkey_challenges tables are
 * owned here). A passkey signs in on its own and counts as both steps: it is something the
 * customer has, unlocked by something they know or are — user verification is required on
 * registration and at every sign-in. Discoverable credentials, so the sign-in page needs no
 * username first.
 *
 * The relying party's id and origin come from APP_URL only, never from the request (as S15 for
 * links): a passkey made for the portal works only on the portal's own address. Each ceremony's
 * challenge is kept here, bound to the browser that asked for it by a cookie, used once and for
 * 5 minutes at most.
 */
const CEREMONY_LIFETIME_MS = 5 * MINUTE;
export const PASSKEY_NAME_MAX_LENGTH = 60;

type Ceremony = "register" | "sign_in";
export type Passkey = typeof passkeys.$inferSelect;

export function relyingParty() {
  const origin = config().appUrl;
  return { id: new URL(origin).hostname, origin, name: config().branding.portalName };
}

export function passkeyCookieName(): string {
  return config().secureCookies ? "__Host-portal.passkey" : "portal.passkey";
}

function hashId(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

async function startCeremony(purpose: Ceremony, customerId: string | null, challenge: string) {
  const raw = randomBytes(32).toString("base64url");
  const time = now();
  await (await db()).insert(passkeyChallenges).values({ idHash: hashId(raw), purpose, customerId, challenge, createdAt: time, expiresAt: new Date(time.getTime() + CEREMONY_LIFETIME_MS) });
  (await cookies()).set(passkeyCookieName(), raw, { httpOnly: true, sameSite: "strict", path: "/", secure: config().secureCookies, maxAge: CEREMONY_LIFETIME_MS / 1000 });
}

/** This browser's live ceremony of the purpose, used up in one statement (of simultaneous takers, one gets it). */
async function takeCeremony(purpose: Ceremony): Promise<{ challenge: string; customerId: string | null } | null> {
  const store = await cookies();
  const raw = store.get(passkeyCookieName())?.value;
  if (!raw || !/^[A-Za-z0-9_-]{43}$/.test(raw)) return null;
  store.set(passkeyCookieName(), "", { httpOnly: true, sameSite: "strict", path: "/", secure: config().secureCookies, maxAge: 0 });
  const [row] = await (await db())
    .update(passkeyChallenges)
    .set({ usedAt: now() })
    .where(and(eq(passkeyChallenges.idHash, hashId(raw)), eq(passkeyChallenges.purpose, purpose), isNull(passkeyChallenges.usedAt), gt(passkeyChallenges.expiresAt, now())))
    .returning({ challenge: passkeyChallenges.challenge, customerId: passkeyChallenges.customerId });
  return row ?? null;
}

export async function listPasskeys(customerId: string): Promise<Passkey[]> {
  return (await db()).select().from(passkeys).where(eq(passkeys.customerId, customerId)).orderBy(asc(passkeys.createdAt));
}

/** Whether the customer has a passkey, as a condition for the one query of the second-step decision (issue 25). */
export function hasPasskeysCondition(customerId: string): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${passkeys} where ${passkeys.customerId} = ${customerId})`;
}

/** The browser's part of adding a passkey; a passkey the customer already has on that authenticator is excluded. */
export async function passkeyRegistrationOptions(customer: Pick<Customer, "id" | "username" | "name">): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const existing = await listPasskeys(customer.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: customer.username,
    userDisplayName: customer.name?.trim() || customer.username,
    // The same user handle on every registration, so an authenticator keeps one passkey per account.
    userID: new TextEncoder().encode(customer.id),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: passkey.transports ?? undefined })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await startCeremony("register", customer.id, options.challenge);
  return options;
}

function parsed<T>(json: string): T | null {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string" ? (value as T) : null;
  } catch {
    return null;
  }
}

/**
 * Verifies the browser's answer and keeps the passkey under its name; null when anything does not
 * hold. trustStart: the adding session's (issue 22), which sessions signed in with it inherit.
 */
export async function addPasskey(customerId: string, responseJson: string, name: string, trustStart: Date | null, sessionId?: string): Promise<Passkey | null> {
  const ceremony = await takeCeremony("register");
  const response = parsed<RegistrationResponseJSON>(responseJson);
  if (!ceremony || ceremony.customerId !== customerId || !response) return null;
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({ response, expectedChallenge: ceremony.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true });
  } catch {
    return null;
  }
  if (!verification.verified) return null;
  const { credential, credentialBackedUp } = verification.registrationInfo;
  return (await db()).transaction(async (tx) => {
    // S49: not once the account was taken back since the request's own check (lib/auth/sessions.ts).
    if (!(await mayStillAddWayIn(tx, customerId, sessionId))) return null;
    const [added] = await tx
      .insert(passkeys)
      .values({
        id: credential.id,
        customerId,
        name: name.trim().slice(0, PASSKEY_NAME_MAX_LENGTH),
        publicKey: Buffer.from(credential.publicKey).toString("base64url"),
        signCount: credential.counter,
        transports: credential.transports ?? null,
        backedUp: credentialBackedUp,
        createdAt: now(),
        trustStart,
      })
      .onConflictDoNothing()
      .returning();
    return added ?? null;
  });
}

/** The browser's part of a passkey sign-in: any of the portal's passkeys on the device may answer. */
export async function passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required" });
  await startCeremony("sign_in", null, options.challenge);
  return options;
}

/** The customer a passkey sign-in proves, or null: no ceremony, an unknown passkey, a bad signature, a disabled or blocked account. */
export async function signInWithPasskey(responseJson: string): Promise<{ customer: Customer; passkey: Passkey } | null> {
  const ceremony = await takeCeremony("sign_in");
  const response = parsed<AuthenticationResponseJSON>(responseJson);
  if (!ceremony || !response) return null;
  const [passkey] = await (await db()).select().from(passkeys).where(eq(passkeys.id, response.id)).limit(1);
  const customer = passkey ? await findCustomerById(passkey.customerId) : undefined;
  // Issue 22, S49: while password sign-in waits for a reset ("This wasn't me"), a passkey does not open the account either.
  if (!passkey || !customer || customer.disabled || customer.passwordSignInBlocked) return null;
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, "base64url"), counter: passkey.signCount, transports: passkey.transports ?? undefined },
      requireUserVerification: true,
    });
  } catch {
    return null;
  }
  if (!verification.verified) return null;
  // The signature counter only moves forward (a cloned authenticator would fall behind).
  const moved = await (await db())
    .update(passkeys)
    .set({ signCount: verification.authenticationInfo.newCounter, lastUsedAt: now() })
    .where(and(eq(passkeys.id, passkey.id), eq(passkeys.signCount, passkey.signCount)))
    .returning({ id: passkeys.id });
  return moved.length === 1 ? { customer, passkey } : null;
}

export async function renamePasskey(customerId: string, id: string, name: string): Promise<boolean> {
  const rows = await (await db())
    .update(passkeys)
    .set({ name: name.trim().slice(0, PASSKEY_NAME_MAX_LENGTH) })
    .where(and(eq(passkeys.id, id), eq(passkeys.customerId, customerId)))
    .returning({ id: passkeys.id });
  return rows.length === 1;
}

export async function removePasskey(tx: Executor, customerId: string, id: string): Promise<Passkey | null> {
  const [row] = await tx.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.customerId, customerId))).returning();
  return row ?? null;
}

export async function dropPasskeys(tx: Executor, customerId: string): Promise<number> {
  return (await tx.delete(passkeys).where(eq(passkeys.customerId, customerId)).returning({ id: passkeys.id })).length;
}

/** Removes the passkeys added since a moment (S49: whoever added them was in the account); how many went. */
export async function dropPasskeysAddedSince(tx: Executor, customerId: string, since: Date): Promise<number> {
  return (await tx.delete(passkeys).where(and(eq(passkeys.customerId, customerId), gte(passkeys.createdAt, since))).returning({ id: passkeys.id })).length;
}

/**
 * A passkey as recovery sees it (S49). Not a second-step method — it signs in on its own, as both
 * steps — but a way in a thief can add all the same, so it is kept like one.
 */
export const passkeyWayIn: KeptWayIn = {
  kind: "passkey",
  list: async (customer) => (await listPasskeys(customer.id)).map((passkey) => ({ id: passkey.id, name: passkey.name, addedAt: passkey.createdAt })),
  remove: async (tx, customerId, id) => (await removePasskey(tx, customerId, id)) !== null,
  removeAddedSince: dropPasskeysAddedSince,
  async undo(tx, customerId, subject) {
    if (subject) await removePasskey(tx, customerId, subject);
  },
};

/** Drops ceremonies that ended more than an hour ago. */
export async function prunePasskeyCeremonies(executor?: Executor) {
  await (executor ?? (await db())).delete(passkeyChallenges).where(lt(passkeyChallenges.expiresAt, new Date(now().getTime() - HOUR)));
}
