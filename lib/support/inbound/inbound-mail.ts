import { createHash } from "node:crypto";
import { eq, or } from "drizzle-orm";
import EmailReplyParser from "email-reply-parser";
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from "mailparser";
import { recordAudit } from "@/lib/audit";
import { findCustomerById } from "@/lib/customers/customers";
import { db, type Transaction } from "@/lib/db";
import { inboundMails, type InboundOutcome } from "@/lib/db/schema";
import { insertCustomerReply, messageSchema } from "@/lib/support/case-conversation";
import { findReplyAddress, tokenFromAddress } from "@/lib/support/inbound/reply-address";

/**
 * Issue 28: one mail read from the support mailbox, decided and recorded. It is posted to its case
 * (the new text only), dropped (an auto-reply or bounce: no mail loops), or held for staff with
 * the reason. The decision and the post are one transaction keyed by the unique Message-ID, so a
 * mail read twice — by two instances, or again after a crash before it was moved — is posted once.
 * Nothing the mail says is logged or audited: only the outcome and its reason.
 */

/** Why a mail was not posted; staff see these words on /staff/inbound. */
export const holdReasons = ["no reply address", "unknown reply address", "revoked reply address", "sender is not the case's customer", "DMARC failed", "case is closed", "no new text", "attachments not yet supported", "too large", "unreadable"] as const;
export type HoldReason = (typeof holdReasons)[number];
export const dropReasons = ["auto-reply", "bulk or list mail", "delivery status notification", "out of office"] as const;
export type DropReason = (typeof dropReasons)[number];

export type InboundResult = { outcome: Exclude<InboundOutcome, "discarded">; reason: HoldReason | DropReason | null; caseId: number | null; duplicate: boolean };

// Note: larger than any reply a person writes; a mail this big is held, never parsed.
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

// Subjects mail clients and servers give automatic answers, in English and Spanish.
const OUT_OF_OFFICE = /\b(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|away from (the )?office|on vacation|respuesta autom[aá]tica|fuera de la oficina|ausencia|de vacaciones)\b/i;

/** Auto-replies and bounces are dropped (RFC 3834, RFC 3464); null: a person wrote it. */
export function automaticMailReason(mail: ParsedMail): DropReason | null {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    if (value === undefined || value === null) return "";
    if (typeof value === "object" && "value" in value) return String(value.value);
    return String(value);
  };
  const contentType = mail.headers.get("content-type");
  if (typeof contentType === "object" && contentType && "value" in contentType && String(contentType.value).toLowerCase() === "multipart/report") return "delivery status notification";
  const sender = mail.from?.value[0]?.address?.toLowerCase() ?? "";
  if (/^(mailer-daemon|postmaster)@/.test(sender)) return "delivery status notification";
  const autoSubmitted = header("auto-submitted").trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return "auto-reply";
  if (header("x-autoreply") || header("x-autorespond") || /^(all|oof|autoreply)$/i.test(header("x-auto-response-suppress").trim())) return "auto-reply";
  if (/^(bulk|junk|list|auto_reply)$/i.test(header("precedence").trim())) return "bulk or list mail";
  if (header("list-id")) return "bulk or list mail";
  if (OUT_OF_OFFICE.test(mail.subject ?? "")) return "out of office";
  return null;
}

/** True when the receiving server says the sender's domain failed DMARC (RFC 8601). */
export function dmarcFailed(mail: ParsedMail): boolean {
  const value = mail.headers.get("authentication-results");
  const results = Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
  return results.some((result) => /\bdmarc\s*=\s*fail\b/i.test(result));
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((object) => object.value.map((entry) => entry.address ?? "")).filter(Boolean);
}

function replyToken(mail: ParsedMail): string | null {
  const deliveredTo = mail.headers.get("delivered-to");
  const extra = (Array.isArray(deliveredTo) ? deliveredTo : deliveredTo ? [deliveredTo] : []).map(String);
  for (const address of [...addresses(mail.to), ...addresses(mail.cc), ...extra]) {
    const token = tokenFromAddress(address.trim());
    if (token) return token;
  }
  return null;
}

/** The text the customer wrote now: quoted history and signature removed (Gmail, Outlook, Apple Mail; English and Spanish). */
export function newText(mail: ParsedMail): string {
  const body = mail.text ?? "";
  const visible = new EmailReplyParser().parseReply(body.replace(/\r\n/g, "\n"));
  return visible.trim();
}

/**
 * The seam for the attachments of an inbound mail. Attachments on cases come with their own
 * limits and scan; until a mail's files can go through them, a mail with any is held for staff.
 */
export function attachmentsHoldReason(attachments: Attachment[]): HoldReason | null {
  return attachments.length > 0 ? "attachments not yet supported" : null;
}

function fallbackMessageId(raw: Buffer): string {
  // Note: a mail without a Message-ID is still read once: its content's hash stands in for it.
  return `<sha256-${createHash("sha256").update(raw).digest("hex")}@inbound.invalid>`;
}

type Decision = { outcome: "posted" | "held" | "dropped"; reason: HoldReason | DropReason | null; caseId: number | null; customerId: string | null; text: string | null };

async function decide(tx: Transaction, mail: ParsedMail): Promise<Decision> {
  const dropped = automaticMailReason(mail);
  if (dropped) return { outcome: "dropped", reason: dropped, caseId: null, customerId: null, text: null };
  const text = newText(mail);
  const held = (reason: HoldReason, caseId: number | null = null, customerId: string | null = null): Decision => ({ outcome: "held", reason, caseId, customerId, text });
  const token = replyToken(mail);
  if (!token) return held("no reply address");
  const address = await findReplyAddress(tx, token);
  if (!address) return held("unknown reply address");
  if (address.revoked) return held("revoked reply address", address.caseId, address.customerId);
  if (dmarcFailed(mail)) return held("DMARC failed", address.caseId, address.customerId);
  const customer = await findCustomerById(address.customerId, tx);
  const from = addresses(mail.from).map((entry) => entry.toLowerCase());
  if (!customer || from.length !== 1 || from[0] !== customer.email.toLowerCase()) return held("sender is not the case's customer", address.caseId, address.customerId);
  const attachments = attachmentsHoldReason(mail.attachments);
  if (attachments) return held(attachments, address.caseId, address.customerId);
  const parsed = messageSchema.safeParse(text);
  if (!parsed.success) return held("no new text", address.caseId, address.customerId);
  const posted = await insertCustomerReply(tx, customer, address.caseId, parsed.data);
  if (!posted.ok) return held(posted.reason === "closed" ? "case is closed" : "unknown reply address", address.caseId, address.customerId);
  return { outcome: "posted", reason: null, caseId: address.caseId, customerId: address.customerId, text: null };
}

const auditEventOf = { posted: "inbound_mail_posted", held: "inbound_mail_held", dropped: "inbound_mail_dropped" } as const;

/**
 * Decides one raw RFC 822 mail and records it. `mailboxUid` (UIDVALIDITY:UID) names where the
 * poller read it. A mail already recorded returns its earlier outcome with `duplicate`, so the
 * caller can move it on without posting it again.
 */
export async function handleInboundMail(raw: Buffer, source: { mailboxUid?: string } = {}): Promise<InboundResult> {
  let mail: ParsedMail | null = null;
  // Note: a mail the parser refuses (over its part limit, say) is held, not dropped: staff find it in the Held folder.
  let unreadable: HoldReason | null = raw.length > MAX_INBOUND_BYTES ? "too large" : null;
  if (!unreadable) {
    try {
      mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    } catch {
      unreadable = "unreadable";
    }
  }
  const messageId = mail?.messageId?.slice(0, 998) || fallbackMessageId(raw);
  return (await db()).transaction(async (tx) => {
    // Note: the unique Message-ID makes a second reader wait here for the first one's commit, then find its row.
    const [claimed] = await tx
      .insert(inboundMails)
      .values({ messageId, mailboxUid: source.mailboxUid ?? null, outcome: "held" })
      .onConflictDoNothing()
      .returning({ id: inboundMails.id });
    if (!claimed) {
      const [earlier] = await tx.select().from(inboundMails).where(source.mailboxUid ? or(eq(inboundMails.messageId, messageId), eq(inboundMails.mailboxUid, source.mailboxUid)) : eq(inboundMails.messageId, messageId)).limit(1);
      const outcome = earlier && earlier.outcome !== "discarded" ? earlier.outcome : "held";
      return { outcome, reason: (earlier?.reason ?? null) as InboundResult["reason"], caseId: earlier?.caseId ?? null, duplicate: true };
    }
    const decision: Decision = mail ? await decide(tx, mail) : { outcome: "held", reason: unreadable, caseId: null, customerId: null, text: null };
    await tx
      .update(inboundMails)
      .set({ outcome: decision.outcome, reason: decision.reason, caseId: decision.caseId, customerId: decision.customerId, heldText: decision.outcome === "held" ? decision.text : null })
      .where(eq(inboundMails.id, claimed.id));
    await recordAudit({ event: auditEventOf[decision.outcome], customerId: decision.customerId, details: { inboundMailId: claimed.id, caseId: decision.caseId, reason: decision.reason } }, tx);
    return { outcome: decision.outcome, reason: decision.reason, caseId: decision.caseId, duplicate: false };
  });
}
