import { and, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { AdapterAccount, AdapterUser } from "next-auth/adapters";
import { connectionsWithoutLinkedAt, recordAudit, recordAuditEntries } from "@/lib/audit";
import { config, type IdentityProvider } from "@/lib/config";
import { insertCustomer } from "@/lib/customers/customers";
import { findCustomerByEmail, findCustomerById, findCustomerByLogin, lockCustomer } from "@/lib/customers/lookup";
import { MINUTE, now } from "@/lib/clock";
import { db, type Executor } from "@/lib/db";
import { accounts, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { sendSecurityAlert } from "@/lib/auth/security-notices";
import { mayStillAddWayIn, trustStartOf } from "@/lib/auth/sessions";
import { createUndoWayInLink } from "@/lib/auth/undo-way-in";

/**
 * Sign-in with an external account (OpenID Connect, Microsoft Entra ID, Google): the rules for
 * when an external identity may sign in, be linked, or create a customer.
 */
export type ExternalIdentity = { provider: string; providerAccountId: string; email?: string | null; emailVerified: boolean };
// Note: one refusal for "an account has this address but is not linked" and "no account has this
// address": telling them apart would tell a stranger which addresses have accounts (issue 11).
export type ExternalRefusal = "not_connected" | "account_disabled" | "reset_required" | "reauthenticate" | "session_ended" | "email_missing";
export type ExternalDecision = { ok: true } | { ok: false; reason: ExternalRefusal };

export function configuredProvider(id: unknown): IdentityProvider | undefined {
  return config().externalSignIn.providers.find((provider) => provider.id === id);
}

async function linkedCustomerId(provider: string, providerAccountId: string) {
  const [row] = await (await db())
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)));
  return row?.userId;
}

/**
 * @param signedIn "live" when a current session is connecting the account (Account page),
 * "not_recent" when it is live but has no recent sign-in that passed every step (S48), "ended"
 * when a session cookie came along that no longer counts (S23, S33), else "none".
 */
export async function decideExternalSignIn(identity: ExternalIdentity, signedIn: "live" | "not_recent" | "ended" | "none"): Promise<ExternalDecision> {
  // Note: Auth.js links the identity to whoever its session cookie names without our revocation
  // check, so an ended session must never get that far.
  if (signedIn === "ended") return { ok: false, reason: "session_ended" };
  const linked = await linkedCustomerId(identity.provider, identity.providerAccountId);
  if (linked) {
    const customer = await findCustomerById(linked);
    if (!customer || customer.disabled) return { ok: false, reason: "account_disabled" };
    // Issue 22, S49: while password sign-in waits for a reset ("This wasn't me"), no other way in opens the account.
    return customer.passwordSignInBlocked ? { ok: false, reason: "reset_required" } : { ok: true };
  }
  if (signedIn === "live") return { ok: true };
  // Issue 22, S48: a session that could not add a passkey cannot connect an identity either.
  if (signedIn === "not_recent") return { ok: false, reason: "reauthenticate" };
  // A customer record needs an email address: the reset link and every notice go there.
  if (!identity.email) return { ok: false, reason: "email_missing" };
  const { linkByEmail, registration } = config().externalSignIn;
  const sameEmail = identity.email ? await findCustomerByEmail(identity.email) : undefined;
  if (sameEmail) {
    if (sameEmail.disabled || !linkByEmail || !identity.emailVerified) return { ok: false, reason: "not_connected" };
    // S49: a new identity no more opens an account waiting for its reset than a linked one does
    // (told only to whom the provider vouches holds the address).
    return sameEmail.passwordSignInBlocked ? { ok: false, reason: "reset_required" } : { ok: true };
  }
  return registration ? { ok: true } : { ok: false, reason: "not_connected" };
}

/** A username for a customer who arrives with only an external identity: the email's local part, made unique. */
async function freeUsername(email: string): Promise<string> {
  const base = (email.split("@")[0].replace(/[^\p{L}\p{N}._-]/gu, "").slice(0, 40) || "customer").padEnd(3, "0");
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}${Math.floor(1000 + (attempt * 7919) % 9000)}`;
    if (!(await findCustomerByLogin(candidate))) return candidate;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The adapter's createUser: a new customer from an external identity (registration is allowed). */
export async function createExternalCustomer(user: AdapterUser): Promise<AdapterUser> {
  const email = user.email.trim().toLowerCase();
  const created = await insertCustomer({ username: await freeUsername(email), email, name: user.name ?? null, emailVerified: user.emailVerified ?? null });
  return created as AdapterUser;
}

export async function linkedProviders(customerId: string): Promise<string[]> {
  const rows = await (await db()).select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, customerId));
  return rows.map((row) => row.provider);
}

export type DisconnectRefusal = "not_connected" | "last_method";

/** Disconnects a provider unless it is the customer's last way to sign in; the customer is told by mail (issue 16). */
export async function disconnectProvider(
  customerId: string,
  provider: IdentityProvider | { id: string; name: string },
  meta: RequestMeta,
  locale?: string,
): Promise<{ ok: true } | { ok: false; refusal: DisconnectRefusal }> {
  const customer = await findCustomerById(customerId);
  const linked = await linkedProviders(customerId);
  if (!customer || !linked.includes(provider.id)) return { ok: false, refusal: "not_connected" };
  if (!customer.passwordHash && linked.length === 1) return { ok: false, refusal: "last_method" };
  await (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, customerId);
    await tx.delete(accounts).where(and(eq(accounts.userId, customerId), eq(accounts.provider, provider.id)));
    await recordAudit({ event: "external_account_disconnected", customerId, meta, details: { provider: provider.id } }, tx);
    await sendSecurityAlert(tx, customer, { kind: "externalDisconnected", provider: provider.name }, meta, locale);
  });
  return { ok: true };
}

/**
 * An external account was just connected to a customer, in the transaction that wrote it: audited
 * and, unless the customer was created by this very sign-in, mailed (issue 16) with its "This
 * wasn't me" link (issue 22), which removes everything added since the identity's trust start.
 */
async function noteProviderConnected(tx: Executor, customer: Customer, identity: ConnectedIdentity, meta: RequestMeta, trustStart: Date | null) {
  const providerId = identity.provider;
  // withLinkedAt: the row keeps when and which identity, so recovery never goes by this record's provider alone.
  await recordAudit({ event: "external_account_connected", customerId: customer.id, meta, details: { provider: providerId, withLinkedAt: true } }, tx);
  if (now().getTime() - customer.createdAt.getTime() < MINUTE) return;
  const notMeUrl = await createUndoWayInLink(tx, customer.id, "external_identity", identityName(identity), trustStart ?? now());
  await sendSecurityAlert(tx, customer, { kind: "externalConnected", provider: configuredProvider(providerId)?.name ?? providerId, notMeUrl }, meta);
}

/** A linked identity: its customer and the trust start it carries (null: a session signed in with it trusts from its own sign-in, issue 22). */
export async function linkedIdentity(providerId: string, providerAccountId: string): Promise<{ customerId: string; trustStart: Date | null } | undefined> {
  const [row] = await (await db())
    .select({ customerId: accounts.userId, trustStart: accounts.trustStart })
    .from(accounts)
    .where(and(eq(accounts.provider, providerId), eq(accounts.providerAccountId, providerAccountId)))
    .limit(1);
  return row;
}

/**
 * The adapter's linkAccount (S49): one transaction writes the identity, the time it was connected
 * (linked_at) and, connected from a session ("Connect" on /account), that session's trust start,
 * with its audit record and the customer's notice — none without the others. It is written only
 * while the connecting session is still live, asked with the customer's row locked
 * (mayStillAddWayIn): a recovery that ended the session after the signIn callback's check refuses
 * it here, and one still running waits for it and then finds it by linked_at. Joined with no
 * session (by email), it is not written to an account waiting for its reset (decideExternalSignIn
 * asked before; a recovery may have come since). Refused, it throws: Auth.js sends the browser to
 * the sign-in page with its plain message, and nothing is connected.
 */
export async function linkExternalIdentity(account: AdapterAccount, sessionId: string | undefined, meta: RequestMeta): Promise<void> {
  await (await db()).transaction(async (tx) => {
    const customer = await mayStillAddWayIn(tx, account.userId, sessionId);
    if (!customer || (sessionId === undefined && customer.passwordSignInBlocked)) throw new IdentityNotLinked();
    const trustStart = sessionId ? await trustStartOf(sessionId, tx) : null;
    await tx.insert(accounts).values({ ...account, linkedAt: now(), trustStart });
    await noteProviderConnected(tx, customer, account, meta, trustStart);
  });
}

class IdentityNotLinked extends Error {
  constructor() {
    super("the identity may no longer be connected to this account");
  }
}

/** One connected identity of a customer, as recovery and the list after a reset name it. */
export type ConnectedIdentity = { provider: string; providerAccountId: string };

/**
 * The name of one identity in the list after a reset and in its notice's "This wasn't me" link:
 * its provider and the provider's subject. A provider's id is a segment of Auth.js's callback
 * address, so it holds no "/" and the first one splits the two.
 */
export function identityName(identity: ConnectedIdentity): string {
  return `${identity.provider}/${identity.providerAccountId}`;
}

/** The identity a name stands for; a bare provider (an undo link mailed before names) stands for every identity of it. */
function identityNamed(name: string): { provider: string; providerAccountId?: string } {
  const slash = name.indexOf("/");
  return slash < 0 ? { provider: name } : { provider: name.slice(0, slash), providerAccountId: name.slice(slash + 1) };
}

/** A customer's identities, oldest first, with when each was connected (null: imported, or from before accounts.linked_at). */
export async function connectedIdentities(customerId: string): Promise<(ConnectedIdentity & { linkedAt: Date | null })[]> {
  return (await db())
    .select({ provider: accounts.provider, providerAccountId: accounts.providerAccountId, linkedAt: accounts.linkedAt })
    .from(accounts)
    .where(eq(accounts.userId, customerId))
    .orderBy(sql`${accounts.linkedAt} nulls first`, accounts.provider, accounts.providerAccountId);
}

/**
 * S49: the identities connected to a customer since a time, in the caller's transaction — by the
 * time written with the row, so an identity the owner connected earlier stays even when the thief
 * connected another of the same provider. A row without that time (connected before the column,
 * or imported) is found by an audit record of the same kind, which names only the provider.
 */
export async function identitiesConnectedSince(tx: Executor, customerId: string, since: Date): Promise<ConnectedIdentity[]> {
  const audited = [...new Set((await connectionsWithoutLinkedAt(customerId, tx)).filter((connection) => connection.at >= since).map((connection) => connection.provider))];
  const unstamped = audited.length > 0 ? and(isNull(accounts.linkedAt), inArray(accounts.provider, audited)) : undefined;
  return tx
    .select({ provider: accounts.provider, providerAccountId: accounts.providerAccountId })
    .from(accounts)
    // or() leaves out a condition that is undefined (no audited provider).
    .where(and(eq(accounts.userId, customerId), or(gte(accounts.linkedAt, since), unstamped)));
}

/**
 * Disconnects the customer's identities with these names (identityName; a bare provider: all of
 * it), in the caller's transaction (recovery, issues 16 and 22); returns the providers of those
 * that were still connected, for the audit.
 */
export async function disconnectIdentities(tx: Executor, customerId: string, names: string[], reason: string): Promise<string[]> {
  if (names.length === 0) return [];
  const named = names.map(identityNamed).map(({ provider, providerAccountId }) =>
    providerAccountId === undefined ? eq(accounts.provider, provider) : and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)),
  );
  const removed = await tx
    .delete(accounts)
    .where(and(eq(accounts.userId, customerId), or(...named)))
    .returning({ provider: accounts.provider });
  const providers = [...new Set(removed.map((row) => row.provider))];
  await recordAuditEntries(providers.map((provider) => ({ event: "external_account_disconnected" as const, customerId, details: { provider, reason } })), tx);
  return providers;
}

/** An external identity brought over from Power Pages (adx_externalidentity). */
export type ImportedIdentityLink = { customerId: string; provider: string; providerAccountId: string };
export type IdentityLinkResult = "linked" | "already_linked" | "linked_to_another_customer";

/**
 * Links imported identities to their customers, so "Sign in with an external account" finds them
 * as Auth.js would have stored them. An identity already linked stays where it is: to the same
 * customer it is unchanged, to another it is a conflict the import reports (never moved).
 */
export async function linkImportedIdentities(tx: Executor, links: ImportedIdentityLink[]): Promise<IdentityLinkResult[]> {
  if (links.length === 0) return [];
  const inserted = await tx
    .insert(accounts)
    .values(links.map((link) => ({ userId: link.customerId, type: "oidc" as const, provider: link.provider, providerAccountId: link.providerAccountId })))
    .onConflictDoNothing()
    .returning({ provider: accounts.provider, providerAccountId: accounts.providerAccountId });
  const key = (provider: string, subject: string) => `${provider}\u0000${subject}`;
  const linkedKeys = new Set(inserted.map((row) => key(row.provider, row.providerAccountId)));
  const present = links.filter((link) => !linkedKeys.has(key(link.provider, link.providerAccountId)));
  const owners = new Map<string, string>();
  if (present.length > 0) {
    const rows = await tx
      .select({ provider: accounts.provider, providerAccountId: accounts.providerAccountId, userId: accounts.userId })
      .from(accounts)
      .where(or(...present.map((link) => and(eq(accounts.provider, link.provider), eq(accounts.providerAccountId, link.providerAccountId)))));
    for (const row of rows) owners.set(key(row.provider, row.providerAccountId), row.userId);
  }
  const linkedNow = links.filter((link) => linkedKeys.has(key(link.provider, link.providerAccountId)));
  await recordAuditEntries(
    linkedNow.map((link) => ({ event: "external_account_connected" as const, customerId: link.customerId, details: { provider: link.provider, imported: true } })),
    tx,
  );
  return links.map((link) => {
    const id = key(link.provider, link.providerAccountId);
    if (linkedKeys.has(id)) return "linked";
    return owners.get(id) === link.customerId ? "already_linked" : "linked_to_another_customer";
  });
}
