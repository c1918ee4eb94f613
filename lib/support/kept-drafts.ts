import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, ne, notInArray, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { customerOfEndedSession } from "@/lib/auth/current-customer";
import { DAY, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import { keptDrafts, type CaseStatus } from "@/lib/db/schema";
import { hasRole } from "@/lib/staff/access";
import { holdForDraft, keepDraftFiles, releaseFromDrafts, type KeptFile } from "@/lib/support/attachments/draft-files";
import type { CasePriority } from "@/lib/support/response-targets";

/**
 * Issue 26: nothing typed is lost. A reply or a new case posted after the session ended is kept
 * here for 24 hours, and offered again — once — when the same customer signs in again in the same
 * browser; so is an agent's reply or note on a case's staff page. The rule (README, "Nothing typed is lost", D1–D5):
 *
 * D1  Bound to the browser: a random 32-byte cookie names it; only its SHA-256 is stored.
 * D2  Bound to the customer whose session the browser carried. The session cookie is sealed with
 *     AUTH_SECRET, so its customer id cannot be forged; with no such cookie nothing is kept. A draft
 *     is offered only to that customer, so another account signing in on the same browser never
 *     sees it (and a reply only on that customer's own case page, which 404s for anyone else).
 * D3  Sealed with AES-256-GCM under a key derived from the browser's cookie: the database alone,
 *     or another browser, cannot read it. Its words are never logged or audited.
 * D4  Single use and short-lived: taking it deletes it in one statement (twenty tabs at once get it
 *     once); it expires after 24 hours and housekeeping removes it; a customer keeps at most 10.
 * Its files are the customer's uploads held by the draft (lib/support/attachments/draft-files.ts):
 * removed with it, released when it is taken.
 */
type DraftFiles = { files?: KeptFile[]; filesDropped?: boolean };
/** The status, priority and assignee (a team member's id, or "" for nobody) an agent changed on a case's page. */
export type StaffChoices = { status?: CaseStatus; priority?: CasePriority; agent?: string };
/** A customer's reply or new case; or an agent's reply or internal note, and the choices they changed, on a case's staff page (`staffWork`). */
export type KeptDraft = (
  | { kind: "reply"; caseId: number; text: string }
  | { kind: "case"; subject: string; category: string; description: string }
  // seen: the newest event the agent's page showed, so that what came in meanwhile is warned of.
  | { kind: "staffWork"; caseId: number; note: boolean; text: string; seen?: number; choices?: StaffChoices }
) &
  DraftFiles;

export type DraftPlace = { kind: "reply"; caseId: number } | { kind: "case" } | { kind: "staffWork"; caseId: number };

const LIFETIME_MS = DAY;
const KEPT_PER_CUSTOMER = 10;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** S30: `__Host-` prefixed wherever the browser allows a Secure cookie. */
export function draftCookieName(): string {
  return config().secureCookies ? "__Host-portal.draft" : "portal.draft";
}

function browserHash(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

function keyOf(value: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(value, "base64url"), config().authSecret, "portal kept draft", 32));
}

function seal(value: string, draft: KeptDraft): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(value), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(draft), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

function unseal(value: string, sealed: string): KeptDraft | null {
  try {
    const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
    const decipher = createDecipheriv("aes-256-gcm", keyOf(value), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")) as KeptDraft;
  } catch {
    return null;
  }
}

type StoredPlace = { kind: "reply" | "case" | "staff_work"; caseId: number | null };

// kept_drafts.case_id is an integer, where a case's own id is a bigint. A form's case number can be
// any 15 digits; one past this names no case (cases are numbered from 1, and two billion of them
// are far off), so it keeps nothing instead of failing the insert with a 500. Widening the column
// is a retype, which the previous release cannot run against during a rolling upgrade (see
// "Upgrading" in the README): it waits for a release that needs it — before the cases reach this
// number, since takeDraft then compares the column with a real case's id.
const LARGEST_CASE_NUMBER_KEPT = 2_147_483_647;

function placeOf(draft: KeptDraft | DraftPlace): StoredPlace {
  if (draft.kind === "case") return { kind: "case", caseId: null };
  return { kind: draft.kind === "reply" ? "reply" : "staff_work", caseId: draft.caseId };
}

function samePlace(place: StoredPlace) {
  return and(eq(keptDrafts.kind, place.kind), place.caseId === null ? isNull(keptDrafts.caseId) : eq(keptDrafts.caseId, place.caseId));
}

/**
 * Keeps what was typed for `customerId` (D2: the caller took it from the sealed session cookie)
 * in this browser, replacing an earlier draft of the same form, with its files. Sets the browser's cookie.
 */
export async function keepDraft(customerId: string, draft: KeptDraft): Promise<void> {
  const jar = await cookies();
  const existing = jar.get(draftCookieName())?.value;
  const value = existing && COOKIE_VALUE.test(existing) ? existing : randomBytes(32).toString("base64url");
  const time = now();
  const place = placeOf(draft);
  await (await db()).transaction(async (tx) => {
    const [kept] = await tx
      .insert(keptDrafts)
      .values({ browserHash: browserHash(value), customerId, kind: place.kind, caseId: place.caseId, sealed: seal(value, draft), createdAt: time, expiresAt: new Date(time.getTime() + LIFETIME_MS) })
      .returning({ id: keptDrafts.id });
    // Its files first, so that a file the replaced draft held (the form posted again) stays.
    await holdForDraft(tx, customerId, kept.id, (draft.files ?? []).map((file) => file.id));
    await tx.delete(keptDrafts).where(and(eq(keptDrafts.browserHash, browserHash(value)), eq(keptDrafts.customerId, customerId), samePlace(place), ne(keptDrafts.id, kept.id)));
    // D4: a customer's posts with an ended session cannot fill the table.
    const newest = tx.select({ id: keptDrafts.id }).from(keptDrafts).where(eq(keptDrafts.customerId, customerId)).orderBy(desc(keptDrafts.id)).limit(KEPT_PER_CUSTOMER);
    await tx.delete(keptDrafts).where(and(eq(keptDrafts.customerId, customerId), notInArray(keptDrafts.id, newest)));
  });
  jar.set(draftCookieName(), value, { httpOnly: true, sameSite: "lax", path: "/", secure: config().secureCookies, maxAge: LIFETIME_MS / 1000 });
}

/**
 * A form posted with an ended session: keeps what was typed, and the form's files, for the
 * customer that session was (D2), and says whether it did. Nothing is kept without a sealed
 * session cookie, for a customer who is gone or disabled, or when nothing was typed — nor from a
 * session a recovery ended (D5, S49): its cookie may be a thief's, and a thief whose session was
 * taken back must not store files as the customer, spend their upload allowance or push their
 * own drafts out.
 */
export async function keepForSignIn(draft: KeptDraft, formData?: FormData): Promise<boolean> {
  const typed = draft.kind === "case" ? `${draft.subject}${draft.description}` : draft.text;
  // An agent who only changed the status, priority or assignee has something to lose too.
  if (!typed.trim() && !(draft.kind === "staffWork" && draft.choices)) return false;
  if (draft.kind !== "case" && draft.caseId > LARGEST_CASE_NUMBER_KEPT) return false;
  const ended = await customerOfEndedSession();
  const customer = ended ? await findCustomerById(ended.customerId) : undefined;
  if (!customer || customer.disabled) return false;
  // An agent's work is kept only for an agent: the staff page that gives it back 404s for anyone else.
  if (draft.kind === "staffWork" && !hasRole(customer, "agent")) return false;
  if (customer.sessionVersion !== ended?.sessionVersion || customer.passwordSignInBlocked) return false;
  const kept = formData ? await keepDraftFiles(customer.id, formData) : { files: [], dropped: false };
  await keepDraft(customer.id, { ...draft, ...(kept.files.length > 0 ? { files: kept.files } : {}), ...(kept.dropped ? { filesDropped: true } : {}) });
  return true;
}

/**
 * The draft this browser kept for this customer and form, taken (deleted) in one statement, with
 * its files released as the customer's waiting uploads; null when there is none. Of tabs taking it
 * at once, the one whose release ran first holds the files' rows until it has deleted the draft,
 * so the others find neither.
 */
export async function takeDraft(customerId: string, place: DraftPlace): Promise<KeptDraft | null> {
  const value = (await cookies()).get(draftCookieName())?.value;
  if (!value || !COOKIE_VALUE.test(value)) return null;
  const mine = and(eq(keptDrafts.browserHash, browserHash(value)), eq(keptDrafts.customerId, customerId), samePlace(placeOf(place)), gt(keptDrafts.expiresAt, now()));
  const { taken, released } = await (await db()).transaction(async (tx) => {
    const released = await releaseFromDrafts(tx, tx.select({ id: keptDrafts.id }).from(keptDrafts).where(mine));
    const taken = await tx.delete(keptDrafts).where(mine).returning({ id: keptDrafts.id, sealed: keptDrafts.sealed });
    return { taken, released };
  });
  const newest = taken.sort((a, b) => b.id - a.id)[0];
  const draft = newest ? unseal(value, newest.sealed) : null;
  if (!draft?.files) return draft;
  // Only the files still there (a file may have been refused by a scan or removed since).
  const files = draft.files.filter((file) => released.includes(file.id));
  return { ...draft, files, ...(files.length < draft.files.length ? { filesDropped: true } : {}) };
}

/** Hourly housekeeping: expired drafts are removed. */
export async function pruneKeptDrafts(executor?: Executor) {
  await (executor ?? (await db())).delete(keptDrafts).where(lt(keptDrafts.expiresAt, now()));
}

/** How many drafts a customer has waiting (tests). */
export async function keptDraftCount(customerId: string): Promise<number> {
  const [row] = await (await db()).select({ count: sql<number>`count(*)`.mapWith(Number) }).from(keptDrafts).where(eq(keptDrafts.customerId, customerId));
  return row.count;
}
