import { and, eq, gt, gte, isNull, lt } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById, lockCustomer } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import { wayInUndoLinks, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { checkMailedToken, mailedLinkCookieName } from "@/lib/auth/mailed-links";
import { recoverAccount } from "@/lib/auth/recovery";
import { createEmailToken, hashEmailToken } from "@/lib/auth/tokens";
import { wayInOfKind } from "@/lib/auth/ways-in";

/**
 * Issue 22, S49: every "a way in was added" notice — a passkey, an authenticator app, recovery
 * codes, a connected identity, any kind in lib/auth/ways-in.ts — carries a "This wasn't me" link, with the rules of the email
 * change's: 32 random bytes, SHA-256 stored, 7 days; opening it uses nothing (S13), one press
 * (a POST) does it, once (S11). Pressing it removes that way in and everything added after it,
 * ends every session and asks for a reset (lib/auth/recovery.ts, "way_in_not_me"): whoever added
 * it was in the account.
 */
/** The kind of way in (lib/auth/ways-in.ts) the link undoes. */
export type WayIn = string;
const UNDO_LIFETIME_MS = 7 * DAY;

export function undoWayInCookieName(): string {
  return mailedLinkCookieName("undo-way-in");
}

/** A new link for a way in just added, in the transaction that added it; returns its address for the notice. */
export async function createUndoWayInLink(tx: Executor, customerId: string, wayIn: WayIn, subject: string | null, addedAt: Date): Promise<string> {
  const token = createEmailToken();
  await tx.insert(wayInUndoLinks).values({ customerId, wayIn, subject, addedAt, tokenHash: hashEmailToken(token), expiresAt: new Date(now().getTime() + UNDO_LIFETIME_MS) });
  return `${config().appUrl}/not-me/${token}`;
}

type FoundLink = typeof wayInUndoLinks.$inferSelect & { customer: Customer };

async function findUndoLink(token: string): Promise<FoundLink | null> {
  const [row] = await (await db())
    .select()
    .from(wayInUndoLinks)
    .where(and(eq(wayInUndoLinks.tokenHash, hashEmailToken(token)), isNull(wayInUndoLinks.usedAt), gt(wayInUndoLinks.expiresAt, now())))
    .limit(1);
  if (!row) return null;
  const customer = await findCustomerById(row.customerId);
  return customer ? { ...row, customer } : null;
}

export function checkUndoWayInLink(token: unknown, meta: RequestMeta, stage: "link" | "page" | "form") {
  return checkMailedToken(token, meta, findUndoLink, { event: "way_in_undo_link_rejected", stage });
}

/** The press: once (one conditional UPDATE, S11), the way in and all after it go, every session ends, a reset is needed. */
export async function undoWayIn(token: unknown, meta: RequestMeta): Promise<{ ok: true; wayIn: WayIn } | { ok: false }> {
  const found = await checkUndoWayInLink(token, meta, "form");
  if (!found) return { ok: false };
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, found.customer.id);
    const [link] = await tx
      .update(wayInUndoLinks)
      .set({ usedAt: now() })
      .where(and(eq(wayInUndoLinks.id, found.id), isNull(wayInUndoLinks.usedAt), gt(wayInUndoLinks.expiresAt, now())))
      .returning();
    if (!link) return { ok: false as const };
    await removeWayIn(tx, link);
    await recoverAccount(tx, link.customerId, "way_in_not_me", { since: link.addedAt, meta });
    await recordAudit({ event: "way_in_undone", customerId: link.customerId, meta, details: { wayIn: link.wayIn } }, tx);
    return { ok: true as const, wayIn: link.wayIn };
  });
}

/** The way in the link names, even when it was added before the moment recovery removes from. */
async function removeWayIn(tx: Executor, link: typeof wayInUndoLinks.$inferSelect) {
  await wayInOfKind(link.wayIn)?.undo(tx, link.customerId, link.subject);
}

/**
 * Issue 22, S49: "This wasn't me" on an email change that was made voids the undo links mailed
 * since it was made. They went to the other address: each press would end the owner's sessions
 * again and remove what the owner had added since.
 */
export async function voidUndoWayInLinksMailedSince(tx: Executor, customerId: string, since: Date) {
  // A link expires UNDO_LIFETIME_MS after it was made, so those made since `since` expire from then on.
  const madeSince = gte(wayInUndoLinks.expiresAt, new Date(since.getTime() + UNDO_LIFETIME_MS));
  await tx.update(wayInUndoLinks).set({ usedAt: now() }).where(and(eq(wayInUndoLinks.customerId, customerId), isNull(wayInUndoLinks.usedAt), madeSince));
}

/** Drops links that lapsed more than a day ago. */
export async function pruneUndoWayInLinks(executor?: Executor) {
  await (executor ?? (await db())).delete(wayInUndoLinks).where(lt(wayInUndoLinks.expiresAt, new Date(now().getTime() - DAY)));
}
