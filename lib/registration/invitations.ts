import { createHash, randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import InvitationEmail from "@/emails/invitation";
import { recordAudit } from "@/lib/audit";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { PublicError } from "@/lib/customers/account-fields";
import { insertCustomer, setPasswordHash, type NewCustomer } from "@/lib/customers/customers";
import { findCustomerByEmail } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { invitations, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { enqueueMail } from "@/lib/mail/outbox";
import { formatEventTime, renderEmail } from "@/lib/mail/render";
import { checkMailedToken, mailedLinkCookieName } from "@/lib/auth/mailed-links";
import { reserveUsernameTry } from "@/lib/registration/username-tries";

/**
 * "Redeem invitation" (issue 14; the invitations table is owned here). The operator invites an
 * address; the invitation's code (stored only as its SHA-256) lets that address register without
 * a confirmation mail — the invitation mail proved it — or set a first password on an imported
 * record. Codes expire, have a number of uses (counted in one statement, S45) and can be revoked.
 */
// No 0/O, 1/I/L: a code read out over the phone is typed right. 12 of 31 symbols ≈ 59 bits; guessing
// is limited like every mailed token (S14).
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

export function invitationCookieName(): string {
  return mailedLinkCookieName("invitation");
}

export function createInvitationCode(): string {
  const symbols = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/** Codes are typed by people: upper-cased, spaces and missing dashes forgiven. */
export function normalizeInvitationCode(typed: string): string {
  const symbols = typed.toUpperCase().replace(/[\s-]/g, "");
  return symbols.length === 12 ? `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}` : typed;
}

function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

export type Invitation = typeof invitations.$inferSelect;
export type NewInvitation = { email: string; name?: string | null; expiresInDays: number; maxUses: number; mail: boolean };

/** Creates an invitation and (unless told not to) mails it; returns the code, which exists nowhere else. */
export async function createInvitation(input: NewInvitation): Promise<{ invitation: Invitation; code: string }> {
  const code = createInvitationCode();
  const expiresAt = new Date(now().getTime() + input.expiresInDays * DAY);
  return (await db()).transaction(async (tx) => {
    const [invitation] = await tx
      .insert(invitations)
      .values({ codeHash: hashCode(code), email: input.email.toLowerCase(), name: input.name ?? null, maxUses: input.maxUses, expiresAt })
      .returning();
    if (input.mail) {
      const mail = await renderEmail(
        "invitation",
        InvitationEmail,
        {
          name: input.name ?? input.email,
          code,
          invitationUrl: `${config().appUrl}/register/invitation/${code}`,
          // Issue 26: the invitee has no zone of their own yet; the portal's, labelled.
          expiresOn: formatEventTime(expiresAt, DEFAULT_LOCALE, config().portalTimeZone),
        },
        DEFAULT_LOCALE,
      );
      await enqueueMail(tx, invitation.email, mail, { deliverUntil: expiresAt });
    }
    await recordAudit({ event: "invitation_created", details: { invitationId: invitation.id, maxUses: input.maxUses } }, tx);
    return { invitation, code };
  });
}

export async function listInvitations(): Promise<Invitation[]> {
  return (await db()).select().from(invitations).orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(id: number): Promise<boolean> {
  const rows = await (await db()).update(invitations).set({ revokedAt: now() }).where(and(eq(invitations.id, id), isNull(invitations.revokedAt))).returning({ id: invitations.id });
  if (rows.length === 1) await recordAudit({ event: "invitation_revoked", details: { invitationId: id } });
  return rows.length === 1;
}

function usable(time: Date) {
  return and(isNull(invitations.revokedAt), gt(invitations.expiresAt, time), lt(invitations.uses, invitations.maxUses));
}

async function findUsableInvitation(code: string): Promise<Invitation | null> {
  const [row] = await (await db()).select().from(invitations).where(and(eq(invitations.codeHash, hashCode(code)), usable(now()))).limit(1);
  return row ?? null;
}

export function checkInvitation(code: unknown, meta: RequestMeta, stage: "link" | "page" | "form") {
  const normalized = typeof code === "string" ? normalizeInvitationCode(code) : code;
  return checkMailedToken(normalized, meta, findUsableInvitation, { event: "invitation_code_rejected", stage, tokenPattern: CODE });
}

/** What redeeming leads to: a new account, or a first password for an existing record without one. */
export type InvitationTarget = { kind: "new" } | { kind: "set_password"; customer: Customer } | { kind: "has_account" };

export async function invitationTarget(invitation: Invitation): Promise<InvitationTarget> {
  const existing = await findCustomerByEmail(invitation.email);
  if (!existing) return { kind: "new" };
  return existing.passwordHash === null && !existing.disabled ? { kind: "set_password", customer: existing } : { kind: "has_account" };
}

export type RedeemOutcome =
  | { ok: true; customer: Customer }
  | { ok: false; reason: "invalid_code" | "has_account" }
  | { ok: false; reason: "too_many_tries"; retryAfterSeconds: number };

/**
 * Uses the invitation once — one conditional UPDATE, so its uses cannot be exceeded by
 * simultaneous redemptions (S45) — in the transaction that creates the account (address
 * confirmed) or gives the imported record its first password. A taken username rolls it all back
 * and costs a try (rule R1, lib/registration/username-tries.ts); nothing else does.
 */
export async function redeemInvitation(
  code: unknown,
  chosen: Pick<NewCustomer, "username" | "locale" | "termsVersion" | "termsAcceptedAt"> & { passwordHash: string | (() => Promise<string>) },
  meta: RequestMeta,
): Promise<RedeemOutcome> {
  const invitation = await checkInvitation(code, meta, "form");
  if (!invitation) return { ok: false, reason: "invalid_code" };
  const attempt = await reserveUsernameTry(`invitation:${invitation.id}`, meta);
  if (attempt.limited) return { ok: false, reason: "too_many_tries", retryAfterSeconds: attempt.retryAfterSeconds };
  try {
    // Note: the password is hashed (argon2id, the costly step) only once a try is reserved, so a
    // code past its limit costs the server nothing.
    const passwordHash = typeof chosen.passwordHash === "string" ? chosen.passwordHash : await chosen.passwordHash();
    const outcome = await redeemInTransaction(invitation, { ...chosen, passwordHash }, meta);
    await attempt.giveBack();
    return outcome;
  } catch (error) {
    if (error instanceof PublicError && error.field === "username") throw error;
    await attempt.giveBack();
    if (error instanceof HasAccount) return { ok: false, reason: "has_account" };
    throw error;
  }
}

/** Thrown to roll the use back: the address already has an account with a password. */
class HasAccount extends Error {}

async function redeemInTransaction(
  invitation: Invitation,
  account: Pick<NewCustomer, "username" | "passwordHash" | "locale" | "termsVersion" | "termsAcceptedAt">,
  meta: RequestMeta,
): Promise<RedeemOutcome> {
  return (await db()).transaction(async (tx) => {
    const time = now();
    const [claimed] = await tx
      .update(invitations)
      .set({ uses: sql`${invitations.uses} + 1` })
      .where(and(eq(invitations.id, invitation.id), usable(time)))
      .returning();
    if (!claimed) return { ok: false as const, reason: "invalid_code" as const };
    const existing = await findCustomerByEmail(claimed.email, tx);
    let customer: Customer | undefined;
    if (!existing) {
      customer = await insertCustomer({ ...account, email: claimed.email, name: claimed.name, emailVerified: time }, tx);
    } else if (existing.passwordHash === null && !existing.disabled && account.passwordHash) {
      customer = await setPasswordHash(tx, existing.id, account.passwordHash, { confirmEmail: existing.email });
    }
    if (!customer) throw new HasAccount();
    await recordAudit({ event: "invitation_redeemed", customerId: customer.id, meta, details: { invitationId: claimed.id } }, tx);
    return { ok: true as const, customer };
  });
}
