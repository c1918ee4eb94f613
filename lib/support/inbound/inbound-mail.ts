import { createHash } from "node:crypto";
import { eq, or } from "drizzle-orm";
import EmailReplyParser from "email-reply-parser";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { recordAudit } from "@/lib/audit";
import { config } from "@/lib/config";
import { findCustomerById } from "@/lib/customers/lookup";
import { db, type Executor, type Transaction } from "@/lib/db";
import { inboundMails, type Customer, type InboundOutcome } from "@/lib/db/schema";
import { discardUploads, displayFileName, type UploadRefusal } from "@/lib/support/attachments/attachments";
import { takeFiles } from "@/lib/support/attachments/message-files";
import { messageSchema } from "@/lib/support/case-conversation";
import { insertCustomerReply } from "@/lib/support/customer-replies";
import { addSenderReply, contactMessageForReply } from "@/lib/support/contact-inbox";
import { findReplyAddress, fromItsRecipient, tokenFromAddress, type ReplyAddressMatch } from "@/lib/support/inbound/reply-address";

/**
 * Issue 28: one mail read from the support mailbox, decided and recorded. It is posted to its case
 * or Contact us message (the new text only), dropped (an auto-reply or bounce: no mail loops), or held for staff with
 * the reason. The decision and the post are one transaction keyed by the unique Message-ID, so a
 * mail read twice — by two instances, or again after a crash before it was moved — is posted once.
 * Nothing the mail says is logged or audited: only the outcome and its reason.
 */

/** Why a mail was not posted; staff see these words on /staff/inbound. */
export const holdReasons = ["no reply address", "unknown reply address", "revoked reply address", "sender is not the case's customer", "sender is not the message's sender", "DMARC failed", "case is closed", "no new text", "attachment refused", "files cannot go on a Contact us message", "too large", "unreadable", "account disabled", "files not scanned", "subject looks automatic", "sent to another address"] as const;
export type HoldReason = (typeof holdReasons)[number];
export const dropReasons = ["auto-reply", "bulk or list mail", "delivery status notification"] as const;
export type DropReason = (typeof dropReasons)[number];

export type InboundResult = { outcome: Exclude<InboundOutcome, "discarded">; reason: HoldReason | DropReason | null; caseId: number | null; duplicate: boolean };

// Note: larger than any reply a person writes; a mail this big is held, never parsed.
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

// The subjects of automatic answers that carry no header saying so, in English and Spanish. A
// person's reply begins "Re:" and may mention an absence ("Re: On vacation? No, the fault is back"):
// that is theirs, so a marker counts only first ("Automatic reply: …", "[Auto-Reply] …", "Out of
// Office"), standing alone or with its colon after a reply prefix ("RE: Out of Office", "Re:
// Automatic reply: …"), or as the whole of "<name> is out of the office" with no prefix. A
// subject is only a guess — a customer may write "Out of office tomorrow, please call" — so such a
// mail is held for staff, not dropped: nothing is sent back (no loop), and staff see it (on a case,
// kept whole for Post; an answer to a Contact us message is read and answered, as its other holds).
const ABSENCE = String.raw`(?:out[- ]of[- ](?:the[- ])?office|automatic reply|auto[- ]?reply|autoreply|away from (?:the )?office|on vacation|respuesta autom[aá]tica|(?:estoy )?fuera de la oficina|(?:aviso |mensaje )?de ausencia|ausencia|(?:estoy )?de vacaciones)`;
// Note: no two repeats can take the same spaces, so a hostile subject costs time in proportion to
// its length (which is cut to SUBJECT_CHECKED first), never its square.
const OUT_OF_OFFICE = [
  new RegExp(String.raw`^\s*(?:\[\s*)?${ABSENCE}\b`, "i"),
  new RegExp(String.raw`^\s*(?:re|aw|rv|sv)\s*:\s*(?:\[\s*)?${ABSENCE}\s*(?:[:\]]|$)`, "i"),
  /^[^:]*\b(?:is|est[aá]) (?:currently )?(?:out of (?:the )?office|fuera de la oficina)[.!]?$/i,
];
const SUBJECT_CHECKED = 500;

/** Whether the subject alone looks like an automatic answer's (see OUT_OF_OFFICE). */
export function subjectLooksAutomatic(mail: ParsedMail): boolean {
  const subject = (mail.subject ?? "").slice(0, SUBJECT_CHECKED).trim();
  return OUT_OF_OFFICE.some((pattern) => pattern.test(subject));
}

/** Auto-replies and bounces, by their headers, are dropped (RFC 3834, RFC 3464); null: not one of those. */
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

// Control characters a form would refuse (lib/http/form.ts); PostgreSQL text cannot hold NUL at all,
// so a mail carrying one would otherwise fail every read and never leave the inbox.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/gu;
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/gu;

/** A header's value fit to store and show on one line. */
function headerLine(value: string | undefined | null, maxLength: number): string | null {
  const line = value?.replace(CONTROL_IN_LINE, " ").trim().slice(0, maxLength);
  return line || null;
}

/** The text the customer wrote now: quoted history and signature removed (Gmail, Outlook, Apple Mail; English and Spanish). */
export function newText(mail: ParsedMail): string {
  const body = (mail.text ?? "").replace(CONTROL_IN_TEXT, "");
  const visible = new EmailReplyParser().parseReply(body.replace(/\r\n/g, "\n"));
  return visible.trim();
}

/**
 * A mail's files as the upload checks take them (issue 26's limits, type from the bytes, re-encoded
 * images, the malware scan): attachments and inline images alike. An empty part carries nothing to post.
 */
export function mailFiles(mail: ParsedMail): File[] {
  return mail.attachments
    .filter((attachment) => attachment.size > 0 && !/^message\/(delivery-status|rfc822-headers)$/i.test(attachment.contentType))
    .map((attachment) => new File([new Uint8Array(attachment.content)], displayFileName(attachment.filename ?? "attachment"), { type: attachment.contentType }));
}

/**
 * clamd did not answer for a mail's files: the mail is not recorded, so it waits — in the inbox
 * for the next pass, or with the provider, which sends it again — and is never posted unscanned.
 */
export class InboundMailDeferred extends Error {}

function soleSender(mail: ParsedMail): string | null {
  const from = addresses(mail.from).map((entry) => entry.toLowerCase());
  return from.length === 1 ? from[0] : null;
}

/**
 * Where an answer to a Contact us message goes: the case made from it (as that case's customer)
 * or the message itself; null when it is not from the address the message came from.
 */
async function contactDestination(executor: Executor, address: Extract<ReplyAddressMatch, { kind: "contact" }>, mail: ParsedMail) {
  const found = await contactMessageForReply(executor, address.contactMessageId);
  if (!found || soleSender(mail) !== found.message.email.toLowerCase()) return null;
  return found;
}

/** Where a mail would go if posted: the reply address's case and customer, when the sender is that customer (or the Contact us sender). */
async function destination(executor: Executor, mail: ParsedMail): Promise<{ caseId: number; customer: Customer } | null> {
  const token = replyToken(mail);
  const address = token ? await findReplyAddress(executor, token) : null;
  if (!address || address.revoked) return null;
  if (address.kind === "contact") {
    // Files go only onto a case: the Contact us inbox shows text.
    const found = await contactDestination(executor, address, mail);
    const [caseCustomer, caseId] = [found?.caseCustomer, found?.message.caseId ?? null];
    return caseCustomer && !caseCustomer.disabled && caseId !== null && soleSender(mail) === caseCustomer.email.toLowerCase() ? { caseId, customer: caseCustomer } : null;
  }
  const customer = await findCustomerById(address.customerId, executor);
  const sender = soleSender(mail);
  // A disabled account's mail is held (decide): its files are not taken.
  return customer && !customer.disabled && sender === customer.email.toLowerCase() && fromItsRecipient(address, sender) ? { caseId: address.caseId, customer } : null;
}

/** unscanned: clamd did not answer and the reader asked to hold such a mail rather than wait longer. */
type TakenFiles = { ids: string[]; uploader: Customer | null; refused: UploadRefusal | null; unscanned?: true };
/** A mail whose files are not taken: none, from no customer, or not looked at. */
const NO_FILES: TakenFiles = { ids: [], uploader: null, refused: null };

/** The files, through the upload checks, for the customer the mail would be posted as (none when it will not be posted). */
export async function takeMailFiles(mail: ParsedMail, customer: Customer | null): Promise<TakenFiles> {
  const files = mailFiles(mail);
  if (!customer || files.length === 0) return NO_FILES;
  const taken = await takeFiles(customer, files);
  if (taken.status === "refused") return { ids: [], uploader: null, refused: taken.reason };
  if (taken.status === "unscanned") {
    await discardUploads(customer, taken.ids);
    throw new InboundMailDeferred("the malware scanner did not answer");
  }
  return { ids: taken.ids, uploader: customer, refused: null };
}

function fallbackMessageId(raw: Buffer): string {
  // Note: a mail without a Message-ID is still read once: its content's hash stands in for it.
  return `<sha256-${createHash("sha256").update(raw).digest("hex")}@inbound.invalid>`;
}

type Decision = { outcome: "posted" | "held" | "dropped"; reason: HoldReason | DropReason | null; caseId: number | null; customerId: string | null; contactMessageId?: number };

/**
 * An answer to the team's answer to a Contact us message: onto the case made from it, as that
 * case's customer's reply (files through the upload checks), else under the message (text only:
 * a mail with files is held). Its customer is not recorded on a held mail, so staff cannot post
 * it to a case it never named: they read it on /staff/inbound and answer or discard it.
 */
async function decideContact(tx: Transaction, mail: ParsedMail, files: TakenFiles, address: Extract<ReplyAddressMatch, { kind: "contact" }>): Promise<Decision> {
  const contactMessageId = address.contactMessageId;
  const held = (reason: HoldReason): Decision => ({ outcome: "held", reason, caseId: null, customerId: null, contactMessageId });
  if (address.revoked) return held("revoked reply address");
  if (dmarcFailed(mail)) return held("DMARC failed");
  const found = await contactDestination(tx, address, mail);
  if (!found) return held("sender is not the message's sender");
  const { message, caseCustomer } = found;
  // A disabled account posts nothing, by mail as on the site: staff read the mail and decide.
  if (caseCustomer?.disabled) return held("account disabled");
  const onCase = message.caseId !== null && caseCustomer !== null;
  // Onto a case only from its customer's address now: one they have moved away from posts nothing as them.
  if (onCase && soleSender(mail) !== caseCustomer.email.toLowerCase()) return held("sender is not the case's customer");
  if (files.refused) return held("attachment refused");
  if (files.unscanned) return held("files not scanned");
  if (!onCase && mailFiles(mail).length > 0) return held("files cannot go on a Contact us message");
  const parsed = messageSchema.safeParse(newText(mail));
  if (!parsed.success) return held("no new text");
  if (subjectLooksAutomatic(mail)) return held("subject looks automatic");
  if (!onCase) {
    await addSenderReply(tx, message, parsed.data);
    return { outcome: "posted", reason: null, caseId: null, customerId: message.customerId, contactMessageId };
  }
  const ids = files.uploader?.id === caseCustomer.id ? files.ids : [];
  const posted = await insertCustomerReply(tx, caseCustomer, message.caseId!, parsed.data, ids, { reopenClosed: config().mail.inboundReopenClosed });
  if (!posted.ok) return held(posted.reason === "closed" ? "case is closed" : "unknown reply address");
  return { outcome: "posted", reason: null, caseId: message.caseId, customerId: caseCustomer.id, contactMessageId };
}

async function decide(tx: Transaction, mail: ParsedMail, files: TakenFiles): Promise<Decision> {
  const dropped = automaticMailReason(mail);
  if (dropped) return { outcome: "dropped", reason: dropped, caseId: null, customerId: null };
  const held = (reason: HoldReason, caseId: number | null = null, customerId: string | null = null): Decision => ({ outcome: "held", reason, caseId, customerId });
  const token = replyToken(mail);
  if (!token) return held("no reply address");
  const address = await findReplyAddress(tx, token);
  if (!address) return held("unknown reply address");
  if (address.kind === "contact") return decideContact(tx, mail, files, address);
  if (address.revoked) return held("revoked reply address", address.caseId, address.customerId);
  if (dmarcFailed(mail)) return held("DMARC failed", address.caseId, address.customerId);
  const customer = await findCustomerById(address.customerId, tx);
  const sender = soleSender(mail);
  if (!customer || sender !== customer.email.toLowerCase()) return held("sender is not the case's customer", address.caseId, address.customerId);
  // The customer's address now, but the token went to another (S51): one the account had before.
  if (!fromItsRecipient(address, sender)) return held("sent to another address", address.caseId, address.customerId);
  // A disabled account posts nothing, by mail as on the site: staff read the mail and decide.
  if (customer.disabled) return held("account disabled", address.caseId, address.customerId);
  if (files.refused) return held("attachment refused", address.caseId, address.customerId);
  if (files.unscanned) return held("files not scanned", address.caseId, address.customerId);
  const parsed = messageSchema.safeParse(newText(mail));
  if (!parsed.success) return held("no new text", address.caseId, address.customerId);
  if (subjectLooksAutomatic(mail)) return held("subject looks automatic", address.caseId, address.customerId);
  const ids = files.uploader?.id === customer.id ? files.ids : [];
  const posted = await insertCustomerReply(tx, customer, address.caseId, parsed.data, ids, { reopenClosed: config().mail.inboundReopenClosed });
  if (!posted.ok) return held(posted.reason === "closed" ? "case is closed" : "unknown reply address", address.caseId, address.customerId);
  return { outcome: "posted", reason: null, caseId: address.caseId, customerId: address.customerId };
}

/** A raw mail parsed, or why it cannot be; its Message-ID (or a stand-in). */
export async function parseInboundMail(raw: Buffer): Promise<{ mail: ParsedMail | null; unreadable: HoldReason | null; messageId: string }> {
  let mail: ParsedMail | null = null;
  // Note: a mail the parser refuses (over its part or header limit, say) is held, not dropped: staff find it in the Held folder.
  let unreadable: HoldReason | null = raw.length > MAX_INBOUND_BYTES ? "too large" : null;
  if (!unreadable) {
    try {
      mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    } catch {
      unreadable = "unreadable";
    }
  }
  return { mail, unreadable, messageId: recordedMessageId(headerLine(mail?.messageId, 998), raw) };
}

// A Message-ID may be 998 characters of any script: up to four times as many bytes, past the
// unique index's limit (2,704 bytes in PostgreSQL), which would fail every pass on that one mail.
const LONGEST_MESSAGE_ID_BYTES = 500;

/** The Message-ID as recorded: a long one by its hash, one missing by the content's (still read once). */
function recordedMessageId(messageId: string | null, raw: Buffer): string {
  if (messageId === null) return fallbackMessageId(raw);
  // A header naming a stand-in (".invalid", which no real mail domain is) is hashed too: a sender
  // who wrote one could otherwise claim the stand-in of a mail still to come, which would then be
  // taken for a copy of theirs and never posted.
  if (Buffer.byteLength(messageId) <= LONGEST_MESSAGE_ID_BYTES && !/\.invalid>?$/i.test(messageId)) return messageId;
  return `<sha256-${createHash("sha256").update(messageId).digest("hex")}@message-id.invalid>`;
}

async function alreadyRecorded(messageId: string): Promise<boolean> {
  const [row] = await (await db()).select({ id: inboundMails.id }).from(inboundMails).where(eq(inboundMails.messageId, messageId)).limit(1);
  return Boolean(row);
}

const auditEventOf = { posted: "inbound_mail_posted", held: "inbound_mail_held", dropped: "inbound_mail_dropped" } as const;

/**
 * Decides one raw RFC 822 mail and records it. `mailboxUid` (UIDVALIDITY:UID) names where the
 * poller read it. A mail already recorded returns its earlier outcome with `duplicate`, so the
 * caller can move it on without posting it again.
 */
export async function handleInboundMail(raw: Buffer, source: { mailboxUid?: string; holdUnscanned?: boolean } = {}): Promise<InboundResult> {
  const { mail, unreadable, messageId } = await parseInboundMail(raw);
  const read: MailRead = { raw, mail, unreadable, messageId, sender: headerLine(addresses(mail?.from)[0], 320), subject: headerLine(mail?.subject, 500) };
  // The files go through the upload checks before the mail's transaction (they are scanned over
  // the network); a mail already recorded, or one that will not be posted as it is (an automatic
  // answer's, dropped or held), is not scanned: an agent's Post takes its files then.
  const files: TakenFiles =
    mail && !automaticMailReason(mail) && !subjectLooksAutomatic(mail) && !(await alreadyRecorded(messageId))
      ? await takeMailFiles(mail, (await destination(await db(), mail))?.customer ?? null).catch((error: unknown) => {
          // The reader has waited long enough for the scanner (S47): held for staff, who post it once it answers.
          if (error instanceof InboundMailDeferred && source.holdUnscanned) return { ...NO_FILES, unscanned: true as const };
          throw error;
        })
      : NO_FILES;
  const result = await recordInboundMail(read, { mailboxUid: source.mailboxUid }, files).catch(async (error: unknown) => {
    // The mail stays where it was and is read again (the reader, S47): the files taken now belong to nothing.
    if (files.uploader) await discardUploads(files.uploader, files.ids).catch(() => undefined);
    throw error;
  });
  // Files of a mail that was not posted (held, or a second reader's copy) belong to no message.
  if (files.uploader && (result.outcome !== "posted" || result.duplicate)) await discardUploads(files.uploader, files.ids);
  return result;
}

/** What the mail server's envelope says of a mail too large to read (S50): its body is never fetched. */
export type OversizeEnvelope = { messageId?: string; from?: string; subject?: string };

/**
 * A mail the support mailbox holds over MAX_INBOUND_BYTES (by the server's count), known only by
 * its envelope: held as too large, with its sender and subject for staff, and moved to Held.
 */
export async function holdOversizeMail(envelope: OversizeEnvelope, source: { mailboxUid: string; size: number }): Promise<InboundResult> {
  // Note: without its bytes, a mail with no Message-ID is named by where it lies (read again, it is the same row).
  const messageId = recordedMessageId(headerLine(envelope.messageId, 998), Buffer.from(`${source.mailboxUid}:${source.size}`));
  const read: MailRead = { raw: null, mail: null, unreadable: "too large", messageId, sender: headerLine(envelope.from, 320), subject: headerLine(envelope.subject, 500) };
  return recordInboundMail(read, { mailboxUid: source.mailboxUid }, NO_FILES);
}

/** One mail as read: its bytes (none when too large to read), parsed or why not, and what staff see of a held one. */
type MailRead = { raw: Buffer | null; mail: ParsedMail | null; unreadable: HoldReason | null; messageId: string; sender: string | null; subject: string | null };

/** The mail's row and its outcome, in one transaction: claimed by its Message-ID, decided, posted or kept. */
async function recordInboundMail({ raw, mail, unreadable, messageId, sender, subject }: MailRead, source: { mailboxUid?: string }, files: TakenFiles): Promise<InboundResult> {
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
    const decision: Decision = mail ? await decide(tx, mail, files) : { outcome: "held", reason: unreadable, caseId: null, customerId: null };
    // Only a held mail staff could post (it names a case) is kept whole.
    const keep = decision.outcome === "held" && decision.caseId !== null && raw !== null && raw.length <= MAX_INBOUND_BYTES;
    await tx
      .update(inboundMails)
      .set({
        outcome: decision.outcome,
        reason: decision.reason,
        caseId: decision.caseId,
        customerId: decision.customerId,
        // What staff need to decide on a held mail; nothing of a posted or dropped one is kept.
        sender: decision.outcome === "held" ? sender : null,
        subject: decision.outcome === "held" ? subject : null,
        raw: keep ? raw : null,
      })
      .where(eq(inboundMails.id, claimed.id));
    await recordAudit({ event: auditEventOf[decision.outcome], customerId: decision.customerId, details: { inboundMailId: claimed.id, caseId: decision.caseId, contactMessageId: decision.contactMessageId, reason: decision.reason } }, tx);
    return { outcome: decision.outcome, reason: decision.reason, caseId: decision.caseId, duplicate: false };
  });
}
