import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { rowNumber } from "@/lib/db/row-number";
import { cannedReplies, type CannedReply } from "@/lib/db/schema";
import { availableLocales } from "@/lib/i18n/locales";
import { assertRole, type StaffMember } from "@/lib/staff/access";

/**
 * Issue 27: canned replies — the support team's reply templates, a short list per language that
 * admins keep (the one module that writes canned_replies). An agent inserts one into the reply
 * box on the case page, with {name} (the customer's name) and {case} (the case number) filled in,
 * and edits it before sending: nothing is sent from a template by itself.
 */

/** A short list: past this many in one language, an admin edits or deletes one first. */
export const CANNED_REPLIES_PER_LANGUAGE = 30;

export const cannedReplySchema = z.object({
  locale: z.string().refine((value) => availableLocales().includes(value), "validation.cannedReply.locale"),
  title: z.string().trim().min(2, "validation.cannedReply.titleTooShort").max(80, "validation.cannedReply.titleTooLong"),
  // Fits the reply box (messageSchema's 5,000) with room for a name and a case number.
  body: z.string().trim().min(2, "validation.cannedReply.bodyTooShort").max(4000, "validation.cannedReply.bodyTooLong"),
});

export type CannedReplyInput = z.infer<typeof cannedReplySchema>;
export type CannedReplyOutcome = { ok: true; id: number } | { ok: false; reason: "not_found" | "title_taken" | "too_many" };

// Saves into one language take turns, so the list's length is checked and changed as one step
// (two admins adding the 30th at once add one).
const LIST_LOCK = 0x6361_6e64;

export async function listCannedReplies(): Promise<CannedReply[]> {
  return (await db()).select().from(cannedReplies).orderBy(asc(cannedReplies.locale), asc(sql`lower(${cannedReplies.title})`), asc(cannedReplies.id));
}

export async function findCannedReply(id: number): Promise<CannedReply | undefined> {
  const [row] = await (await db()).select().from(cannedReplies).where(eq(cannedReplies.id, id));
  return row;
}

/** A template's id from a URL or a form: digits only, or null. */
export const cannedReplyNumber = rowNumber;

/** Adds a template (id null) or changes one, and records who did it. */
export async function saveCannedReply(admin: StaffMember, id: number | null, input: CannedReplyInput, actor: AuditActor): Promise<CannedReplyOutcome> {
  assertRole(admin, "admin");
  try {
    return await (await db()).transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LIST_LOCK}, hashtext(${input.locale}))`);
      let currentLocale: string | null = null;
      if (id !== null) {
        const [existing] = await tx.select({ locale: cannedReplies.locale }).from(cannedReplies).where(eq(cannedReplies.id, id)).for("update");
        if (!existing) return { ok: false as const, reason: "not_found" as const };
        currentLocale = existing.locale;
      }
      if (currentLocale !== input.locale) {
        const [{ n }] = await tx.select({ n: count() }).from(cannedReplies).where(eq(cannedReplies.locale, input.locale));
        if (n >= CANNED_REPLIES_PER_LANGUAGE) return { ok: false as const, reason: "too_many" as const };
      }
      const time = now();
      const [row] =
        id === null
          ? await tx.insert(cannedReplies).values({ ...input, createdAt: time, updatedAt: time, updatedBy: admin.id }).returning({ id: cannedReplies.id })
          : await tx.update(cannedReplies).set({ ...input, updatedAt: time, updatedBy: admin.id }).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id });
      await recordAudit({ event: "canned_reply_saved", ...actor, details: { cannedReplyId: row.id, locale: input.locale, created: id === null } }, tx);
      return { ok: true as const, id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "title_taken" };
    throw error;
  }
}

export async function deleteCannedReply(admin: StaffMember, id: number, actor: AuditActor): Promise<{ ok: boolean }> {
  assertRole(admin, "admin");
  return (await db()).transaction(async (tx) => {
    const [gone] = await tx.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id, locale: cannedReplies.locale });
    if (gone) await recordAudit({ event: "canned_reply_deleted", ...actor, details: { cannedReplyId: gone.id, locale: gone.locale } }, tx);
    return { ok: Boolean(gone) };
  });
}

/**
 * The template with {name} and {case} filled in: what lands in the reply box. Only these two
 * placeholders are read; anything else in braces stays as the admin wrote it.
 */
export function fillCannedReply(body: string, values: { name: string; caseNumber: number }): string {
  // One pass, so a name that itself reads "{case}" is not filled in again.
  return body.replace(/\{(name|case)\}/g, (_match, placeholder: string) => (placeholder === "name" ? values.name : String(values.caseNumber)));
}

