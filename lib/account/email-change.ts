import { and, desc, eq, gt, isNull, lt, ne, or } from "drizzle-orm";
import ConfirmNewEmailEmail from "@/emails/confirm-new-email";
import EmailInUseEmail from "@/emails/email-in-use";
import { recordAudit } from "@/lib/audit";
import { DAY, HOUR, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { changeCustomerEmail, setCustomerDisabledFlag } from "@/lib/customers/customers";
import { findCustomerByEmail, findCustomerById, lockCustomer } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { emailChanges, emailConfirmations, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { enqueueMail, withdrawMailTo } from "@/lib/mail/outbox";
import { formatEventTime, renderEmail } from "@/lib/mail/render";
import { mailTimeZone } from "@/lib/i18n/time-zone";
import { checkMailedToken, mailedLinkCookieName } from "@/lib/auth/mailed-links";
import { voidResetLinks } from "@/lib/auth/password-reset";
import { sendSecurityAlert } from "@/lib/auth/security-notices";
import { browsersFirstSeenSince } from "@/lib/auth/known-browsers";
import { recoverAccount } from "@/lib/auth/recovery";
import { endOtherSessions, trustStartOf } from "@/lib/auth/sessions";
import { createEmailToken, hashEmailToken } from "@/lib/auth/tokens";
import { voidUndoWayInLinksMailedSince } from "@/lib/auth/undo-way-in";
import { revokeCustomerReplyAddressesSince } from "@/lib/support/inbound/reply-address";

/**
 * Issue 16: changing a customer's email address — the classic route to taking an account over,
 * so the most careful screen in the portal (the email_changes table is owned here).
 *
 * - Asking needs a sign-in within the last 10 minutes that passed every step (S48) and, where the
 *   customer has one, the current password (the one path every password takes, with its limits, S29).
 * - Nothing changes until the link mailed to the new address is followed (the reset links' rules:
 *   32 random bytes, SHA-256 stored, single use, opening it uses nothing up; 24 hours).
 * - The old address hears at once, with a "This wasn't me" link that works for 7 days — before the
 *   change (it is cancelled) and after (the old address comes back). Either way every session ends
 *   and password sign-in waits for a reset: whoever asked knew the password.
 * - An address another account has gets the same answer on screen; the mail to it says someone
 *   tried to use it, and never which account (S16).
 */
const CONFIRM_LIFETIME_MS = 24 * HOUR;
const CANCEL_LIFETIME_MS = 7 * DAY;
/**
 * S49: how far "This wasn't me" looks back for browsers first seen on the account (one of them may
 * be the thief's). The portal has no trustworthy "password known since": a change of password is
 * something the thief, signed in, can make too. A browser first seen longer ago than this was
 * announced by its own new-browser mail, and each way in added by its own "This wasn't me" link.
 */
const BROWSERS_LOOK_BACK_MS = 30 * DAY;

export function emailChangeCookieName(): string {
  return mailedLinkCookieName("email-change");
}

export function notMeCookieName(): string {
  return mailedLinkCookieName("not-me");
}

/**
 * Records the change waiting for its link, mails the new address and tells the old one (who may
 * ask, and how often, is email-change-request.ts's). `sessionId`
 * is the asking session (the customer's own request) and `browser` its browser (known-browsers.ts):
 * "This wasn't me" removes ways in added since the earliest of the session's trust start and the
 * first sighting of this browser or of any browser new on the account in the last 30 days, and
 * completing the change ends every session but it. A change an admin asked for
 * has none, so completing it ends every session.
 */
export async function startEmailChange(
  customer: Customer,
  newEmail: string,
  asker: { sessionId: string | null; actorId: string | null; refuseAddressInUse: boolean; browser?: string | null },
  meta: RequestMeta,
  locale: string,
): Promise<"started" | "in_use"> {
  const confirmToken = createEmailToken();
  const cancelToken = createEmailToken();
  const time = now();
  return (await db()).transaction(async (tx) => {
    // One change at a time: a new request replaces any still waiting. The customer's row lock
    // orders simultaneous requests, so each sees the one before it and one change is left waiting.
    await lockCustomer(tx, customer.id);
    const owner = await findCustomerByEmail(newEmail, tx);
    if (owner && asker.refuseAddressInUse) return "in_use";
    await tx
      .update(emailChanges)
      .set({ cancelledAt: time })
      .where(and(eq(emailChanges.customerId, customer.id), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt)));
    const [change] = await tx
      .insert(emailChanges)
      .values({
        customerId: customer.id,
        oldEmail: customer.email,
        newEmail,
        confirmTokenHash: hashEmailToken(confirmToken),
        confirmExpiresAt: new Date(time.getTime() + CONFIRM_LIFETIME_MS),
        cancelTokenHash: hashEmailToken(cancelToken),
        cancelExpiresAt: new Date(time.getTime() + CANCEL_LIFETIME_MS),
        sessionId: asker.sessionId,
        // Only the customer's own request was made from inside the account; an admin's was not.
        browsersSince: asker.sessionId ? await browsersFirstSeenSince(customer.id, asker.browser ?? null, new Date(time.getTime() - BROWSERS_LOOK_BACK_MS), tx) : null,
        requestedAt: time,
      })
      .returning({ id: emailChanges.id });
    // The same work for an address that has an account and one that has not: one mail to it, one to the old address.
    if (owner) {
      const mail = await renderEmail("email-in-use", EmailInUseEmail, { username: owner.username, when: formatEventTime(time, owner.locale, mailTimeZone(owner)) }, owner.locale);
      await enqueueMail(tx, newEmail, mail);
    } else {
      const mail = await renderEmail(
        "confirm-new-email",
        ConfirmNewEmailEmail,
        { username: customer.username, newEmail, confirmUrl: `${config().appUrl}/email-change/confirm/${confirmToken}`, expiresInHours: CONFIRM_LIFETIME_MS / HOUR },
        customer.locale ?? locale,
      );
      await enqueueMail(tx, newEmail, mail, { deliverUntil: new Date(time.getTime() + CONFIRM_LIFETIME_MS) });
    }
    await sendSecurityAlert(tx, customer, { kind: "emailChangeRequested", newEmail, notMeUrl: notMeUrl(cancelToken) }, meta, locale);
    await recordAudit(
      { event: "email_change_requested", customerId: customer.id, actorId: asker.actorId, meta, details: { changeId: change.id, ...(asker.actorId && { byStaff: true }) } },
      tx,
    );
    return "started";
  });
}

function notMeUrl(token: string) {
  return `${config().appUrl}/email-change/not-me/${token}`;
}

export type PendingEmailChange = { id: number; newEmail: string; requestedAt: Date; confirmExpiresAt: Date };

/** The change waiting for its link to be followed, if any (shown on /account/email). */
export async function pendingEmailChange(customerId: string): Promise<PendingEmailChange | null> {
  const [row] = await (await db())
    .select({ id: emailChanges.id, newEmail: emailChanges.newEmail, requestedAt: emailChanges.requestedAt, confirmExpiresAt: emailChanges.confirmExpiresAt })
    .from(emailChanges)
    .where(and(eq(emailChanges.customerId, customerId), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.confirmExpiresAt, now())))
    .orderBy(desc(emailChanges.requestedAt))
    .limit(1);
  return row ?? null;
}

/** The customer takes back a change they asked for (nothing else happens: it was them). */
export async function withdrawEmailChange(customerId: string, meta: RequestMeta): Promise<boolean> {
  const withdrawn = await (await db())
    .update(emailChanges)
    .set({ cancelledAt: now() })
    .where(and(eq(emailChanges.customerId, customerId), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt)))
    .returning({ id: emailChanges.id });
  if (withdrawn.length > 0) await recordAudit({ event: "email_change_withdrawn", customerId, meta, details: { changeId: withdrawn[0].id } });
  return withdrawn.length > 0;
}

type FoundChange = typeof emailChanges.$inferSelect & { customer: Customer };

async function findChangeToConfirm(token: string): Promise<FoundChange | null> {
  const [row] = await (await db())
    .select()
    .from(emailChanges)
    .where(and(eq(emailChanges.confirmTokenHash, hashEmailToken(token)), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.confirmExpiresAt, now())))
    .limit(1);
  if (!row) return null;
  const customer = await findCustomerById(row.customerId);
  // S9: the link moves the account from the address it was asked from, and only while it has it.
  if (!customer || customer.disabled || customer.email.toLowerCase() !== row.oldEmail.toLowerCase()) return null;
  // An address another account has never becomes this one's, whatever link is presented.
  const owner = await findCustomerByEmail(row.newEmail);
  if (owner && owner.id !== customer.id) return null;
  return { ...row, customer };
}

export function checkEmailChangeLink(token: unknown, meta: RequestMeta, stage: "link" | "page" | "form") {
  return checkMailedToken(token, meta, findChangeToConfirm, { event: "email_change_token_rejected", stage });
}

/**
 * Follows the link to the new address: the change is made once (one atomic UPDATE of the row,
 * S11), with every other session ended, reset links and confirmation links for the old address
 * void (S9, S12), and both addresses told — the old one again with "This wasn't me".
 */
export async function confirmEmailChange(token: unknown, meta: RequestMeta, locale: string): Promise<{ ok: true; newEmail: string } | { ok: false }> {
  const found = await checkEmailChangeLink(token, meta, "form");
  if (!found) return { ok: false };
  const completedCancelToken = createEmailToken();
  try {
    return await (await db()).transaction(async (tx) => {
      // The account first (lockCustomer, S49).
      await lockCustomer(tx, found.customer.id);
      const [change] = await tx
        .update(emailChanges)
        .set({ completedAt: now(), completedCancelTokenHash: hashEmailToken(completedCancelToken) })
        .where(and(eq(emailChanges.id, found.id), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.confirmExpiresAt, now())))
        .returning();
      if (!change) return { ok: false as const };
      const updated = await changeCustomerEmail(tx, change.customerId, change.oldEmail, change.newEmail);
      if (!updated || updated.disabled) throw new ChangeNoLongerPossible();
      await endOtherSessions(change.customerId, change.sessionId ?? "", tx);
      await voidResetLinks(tx, change.customerId);
      await tx.delete(emailConfirmations).where(eq(emailConfirmations.customerId, change.customerId));
      await sendSecurityAlert(tx, updated, { kind: "emailChanged", to: change.oldEmail, newEmail: change.newEmail, notMeUrl: notMeUrl(completedCancelToken) }, meta, locale);
      await sendSecurityAlert(tx, updated, { kind: "emailChangedNew" }, meta, locale);
      await recordAudit({ event: "email_changed", customerId: change.customerId, meta, details: { changeId: change.id } }, tx);
      return { ok: true as const, newEmail: change.newEmail };
    });
  } catch (error) {
    // The account's address moved on, or another account took the new one, since the link was checked.
    if (error instanceof ChangeNoLongerPossible || isUniqueViolation(error)) return { ok: false };
    throw error;
  }
}

class ChangeNoLongerPossible extends Error {}

async function findChangeToCancel(token: string): Promise<FoundChange | null> {
  const hash = hashEmailToken(token);
  const [row] = await (await db())
    .select()
    .from(emailChanges)
    .where(and(or(eq(emailChanges.cancelTokenHash, hash), eq(emailChanges.completedCancelTokenHash, hash)), isNull(emailChanges.cancelledAt), gt(emailChanges.cancelExpiresAt, now())))
    .limit(1);
  if (!row) return null;
  const customer = await findCustomerById(row.customerId);
  return customer ? { ...row, customer } : null;
}

export function checkNotMeLink(token: unknown, meta: RequestMeta, stage: "link" | "page" | "form") {
  return checkMailedToken(token, meta, findChangeToCancel, { event: "email_change_token_rejected", stage });
}

export type NotMeOutcome = { ok: true; restored: boolean; disabled: boolean; oldEmail: string } | { ok: false };

/**
 * "This wasn't me", from the old address: once (S11). The change is cancelled or, when it was
 * made, undone — the old address comes back unless another account has taken it meanwhile, when
 * the account is disabled instead until support sorts it out (it must not stay with an address
 * the owner does not control). Every session ends, password sign-in waits for a reset, reset links
 * (perhaps mailed to the other address) die, and every way in added since the asker signed in goes.
 */
export async function cancelEmailChange(token: unknown, meta: RequestMeta, locale: string): Promise<NotMeOutcome> {
  const found = await checkNotMeLink(token, meta, "form");
  if (!found) return { ok: false };
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    // As it is now, not as the link found it: a confirmation a moment ago may have moved the address.
    const locked = await lockCustomer(tx, found.customer.id);
    const [change] = await tx
      .update(emailChanges)
      .set({ cancelledAt: now() })
      .where(and(eq(emailChanges.id, found.id), isNull(emailChanges.cancelledAt), gt(emailChanges.cancelExpiresAt, now())))
      .returning();
    if (!change || !locked) return { ok: false as const };
    let customer = locked;
    let restored = false;
    let disabled = false;
    if (change.completedAt && customer.email.toLowerCase() !== change.oldEmail.toLowerCase()) {
      const holder = await findCustomerByEmail(change.oldEmail, tx);
      if (holder && holder.id !== customer.id) {
        await setCustomerDisabledFlag(tx, customer.id, true);
        disabled = true;
      } else {
        customer = (await changeCustomerEmail(tx, customer.id, null, change.oldEmail)) ?? customer;
        restored = true;
      }
    }
    await secureAfterNotMe(tx, customer, change);
    await sendSecurityAlert(tx, customer, { kind: "emailChangeCancelled", to: change.oldEmail, newEmail: change.newEmail }, meta, locale);
    await recordAudit({ event: "email_change_cancelled", customerId: customer.id, meta, details: { changeId: change.id, completed: Boolean(change.completedAt), restored, disabled } }, tx);
    return { ok: true as const, restored, disabled, oldEmail: change.oldEmail };
  });
}

/**
 * What "This wasn't me" does besides the address: someone else knew the password and was signed
 * in, so every way in added since they signed in to ask goes (issue 22: a passkey or an app they
 * added before asking, too) — lib/auth/recovery.ts.
 */
async function secureAfterNotMe(tx: Executor, customer: Customer, change: typeof emailChanges.$inferSelect) {
  await tx
    .update(emailChanges)
    .set({ cancelledAt: now() })
    .where(and(eq(emailChanges.customerId, customer.id), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt)));
  if (change.completedAt) {
    // Mailed to the other address since the change was made.
    await voidUndoWayInLinksMailedSince(tx, customer.id, change.completedAt);
    await revokeCustomerReplyAddressesSince(tx, customer.id, change.completedAt);
    // And what is still waiting to go there (an outage of the mail server, say).
    await withdrawMailTo(tx, change.newEmail, change.completedAt);
  }
  await recoverAccount(tx, customer.id, "email_change_cancelled", { since: await signedInSince(tx, change) });
}

/**
 * The earliest of the request, the trust start of the session that made it (issue 22: a session
 * signed in with a passkey or identity that an earlier session added trusts from that session's
 * start, so the passkey the thief added and then signed in with goes too) and the first sighting of
 * the asking browser or of any browser new on the account in the 30 days before (F1: a thief who
 * added a passkey and then signed in again with the password alone asks from a session that began
 * after it, from the same browser or from a fresh one). The owner's ways in added before all of
 * those stay.
 */
async function signedInSince(tx: Executor, change: typeof emailChanges.$inferSelect): Promise<Date> {
  const trustStart = change.sessionId ? await trustStartOf(change.sessionId, tx) : null;
  const moments = [change.requestedAt, trustStart, change.browsersSince].filter((moment): moment is Date => moment !== null);
  return new Date(Math.min(...moments.map((moment) => moment.getTime())));
}

/**
 * Issue 22, S49: taking an account back voids the link to the new address of every change still
 * waiting — one a thief asked for must not complete once the owner is back — but not its "This
 * wasn't me" link, which the owner may still need. The change the session that goes on asked for
 * (`keepSessionId`, "all but this one") stays.
 */
export async function voidEmailChangeConfirmations(tx: Executor, customerId: string, keepSessionId?: string) {
  const pending = and(eq(emailChanges.customerId, customerId), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.confirmExpiresAt, now()));
  const notKept = keepSessionId ? or(isNull(emailChanges.sessionId), ne(emailChanges.sessionId, keepSessionId)) : undefined;
  // A moment long past, not now(): a confirmation whose clock reads a little earlier still finds it lapsed.
  await tx.update(emailChanges).set({ confirmExpiresAt: new Date(0) }).where(and(pending, notKept));
}

/** Drops changes whose "This wasn't me" link has lapsed. */
export async function pruneEmailChanges(executor?: Executor) {
  await (executor ?? (await db())).delete(emailChanges).where(lt(emailChanges.cancelExpiresAt, new Date(now().getTime() - DAY)));
}
