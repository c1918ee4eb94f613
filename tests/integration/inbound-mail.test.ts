import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { reloadConfig } from "@/lib/config";
import { changeCustomerEmail } from "@/lib/customers/customers";
import { findCustomerById } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { auditLog, inboundMails, outbox, type Customer } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { changeCaseStatus } from "@/lib/support/case-conversation";
import { findCase } from "@/lib/support/cases";
import { postHeldMail } from "@/lib/support/inbound/held-mail";
import { handleInboundMail } from "@/lib/support/inbound/inbound-mail";
import { revokeReplyAddresses } from "@/lib/support/inbound/reply-address";
import { answeredCase, withSupportReplyAddress } from "../support/case-replies";
import { makeCustomer } from "../support/customers";
import sharp from "sharp";
import { listCaseAttachments } from "@/lib/support/attachments/attachments";
import {
  appleMailReply,
  appleMailReplySpanish,
  appleMailReplyWithInlineImage,
  bounce,
  gmailReply,
  gmailReplySpanish,
  manyParts,
  outlookReply,
  outlookReplySpanish,
  outOfOffice,
  plainReply,
  replyWithAttachment,
  vacationResponder,
} from "../support/inbound-mail";
import { withSmtpReceiver } from "../support/mail";
import { staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 28: a reply to a case mail, read from the support mailbox, posted, dropped or held. */
withTestDatabase();
const receiver = withSmtpReceiver();

withSupportReplyAddress();

async function customerReplies(customer: Customer, caseId: number) {
  const seen = await findCase(customer.id, String(caseId));
  return seen!.history.filter((event) => event.kind === "reply" && !event.byStaff).map((event) => event.text);
}

describe(`mail into the support mailbox, on ${testDatabaseLabel()}`, () => {
  it("a case mail carries a Reply-To naming the case with a random token, a new one each mail", async () => {
    const customer = await makeCustomer();
    const { replyTo, caseId, staff } = await answeredCase(receiver, customer);
    expect(replyTo).toMatch(/^support\+[A-Za-z0-9_-]{22}@example\.test$/);
    await changeCaseStatus(staff, caseId, "in progress", staffActor(staff));
    await backgroundWork().run();
    const rows = await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email));
    const addresses = rows.map((row) => row.replyTo);
    expect(new Set(addresses).size).toBe(rows.length);
    // Only the token's hash is stored: no row holds the address's token.
    const token = replyTo.slice("support+".length, replyTo.indexOf("@"));
    const stored = await (await db()).execute(`select token_hash from case_reply_addresses where case_id = ${caseId}`);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it.each([
    ["Gmail, English", gmailReply, "Yes, the reading is right now. Thank you!"],
    ["Gmail, Spanish", gmailReplySpanish, "Sí, ya está bien. ¡Gracias!"],
    ["Outlook, English", outlookReply, "The reading is right now, thank you."],
    ["Apple Mail, English", appleMailReply, "Thanks, that fixed it."],
    ["Outlook, Spanish", outlookReplySpanish, "Sí, la lectura ya es correcta. ¡Gracias!"],
    ["Apple Mail, Spanish", appleMailReplySpanish, "Perfecto, muchas gracias."],
  ])("a reply from %s is posted to the case with only the new text, and the support team is told", async (_client, write, text) => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    const before = receiver.messages.length;
    const result = await handleInboundMail(write({ from: `Ana <${customer.email}>`, to: `Customer Support <${replyTo}>` }, text));
    expect(result).toEqual({ outcome: "posted", reason: null, caseId, duplicate: false });
    expect(await customerReplies(customer, caseId)).toEqual([text]);
    expect((await findCase(customer.id, String(caseId)))!.status).toBe("open");
    // The support team is told as for a reply in the portal; the customer gets no "we got it" mail.
    await backgroundWork().run();
    const told = await receiver.waitFor((mail) => receiver.messages.indexOf(mail) >= before && mail.text!.includes(text));
    expect(told.envelopeTo).not.toContain(customer.email);
    expect(receiver.messages.slice(before).some((mail) => mail.envelopeTo.includes(customer.email))).toBe(false);
  });

  it("one mail read by several readers at once is posted once", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    const raw = gmailReply({ from: customer.email, to: replyTo }, "Posted once only, please.");
    const results = await Promise.all(Array.from({ length: 5 }, (_, index) => handleInboundMail(raw, { mailboxUid: `1:${index + 1}` })));
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(results.every((result) => result.outcome === "posted" && result.caseId === caseId)).toBe(true);
    expect(await customerReplies(customer, caseId)).toEqual(["Posted once only, please."]);
  });

  it.each([
    ["an out-of-office answer", outOfOffice, "auto-reply"],
    ["a bounce", bounce, "delivery status notification"],
    ["bulk mail", (reply: Parameters<typeof outOfOffice>[0]) => plainReply({ ...reply, headers: { Precedence: "bulk" } }, "Our newsletter"), "bulk or list mail"],
  ])("%s is recorded and dropped, never posted or answered", async (_kind, write, reason) => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    const outboxBefore = (await (await db()).select().from(outbox)).length;
    const result = await handleInboundMail(write({ from: customer.email, to: replyTo }));
    expect(result).toMatchObject({ outcome: "dropped", reason });
    expect(await customerReplies(customer, caseId)).toEqual([]);
    // No mail loops: nothing is sent in answer.
    expect((await (await db()).select().from(outbox)).length).toBe(outboxBefore);
  });

  it.each(["John Smith is out of the office", "RE: Out of Office", "[Auto-Reply] Case update", "Re: Automatic reply: Case update", "Out-of-Office: Case update", "Aviso de ausencia", "Estoy fuera de la oficina", "Respuesta automática: fuera de la oficina", "Out of office tomorrow, please call me"])(
    "a header-less mail whose subject looks automatic is held for staff, not posted, dropped or answered (%s)",
    async (subject) => {
      const customer = await makeCustomer();
      const { caseId, replyTo } = await answeredCase(receiver, customer);
      const outboxBefore = (await (await db()).select().from(outbox)).length;
      expect(await handleInboundMail(plainReply({ from: customer.email, to: replyTo, subject }, "I am away until Monday."))).toMatchObject({ outcome: "held", reason: "subject looks automatic", caseId });
      expect(await customerReplies(customer, caseId)).toEqual([]);
      expect((await (await db()).select().from(outbox)).length).toBe(outboxBefore);
    },
  );

  it("a customer's mail held because its subject looked automatic is posted by an agent, with its file", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo, staff } = await answeredCase(receiver, customer);
    const result = await handleInboundMail(replyWithAttachment({ from: customer.email, to: replyTo, subject: "Out of office tomorrow, the invoice is attached" }, "Here is the invoice."));
    expect(result).toMatchObject({ outcome: "held", reason: "subject looks automatic", caseId });
    const [row] = await (await db()).select().from(inboundMails).where(and(eq(inboundMails.caseId, caseId), eq(inboundMails.outcome, "held")));
    expect(await postHeldMail(staff, row.id, staffActor(staff))).toEqual({ ok: true, caseId });
    expect(await customerReplies(customer, caseId)).toEqual(["Here is the invoice."]);
    expect(await listCaseAttachments(caseId, { includeInternal: false })).toHaveLength(1);
  });

  it("a subject built to make the out-of-office patterns backtrack is read at once, not for minutes (one stranger's mail must not stall the server)", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    // 100,000 spaces after "Re:": with two repeats over the same spaces, each pattern took about a quarter of an hour.
    const subject = `Re:${" ".repeat(100_000)}x`;
    const started = Date.now();
    expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo, subject }, "Spaces in the subject."))).toMatchObject({ outcome: "posted", caseId });
    // The match blocks the event loop, so no test timeout can cut it: the time is the check (milliseconds
    // now; half a minute with the quadratic patterns), with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 60_000);

  it.each(["Re: On vacation? No, the fault is back", "Our printer is out of office paper", "Jane is out of the office, please deal with me", "RE: out of office until Monday, but the fault is back", "Re: Ausencia de lecturas en el portal"])(
    "a person's reply whose subject only mentions an absence is posted, not dropped (%s)",
    async (subject) => {
      const customer = await makeCustomer();
      const { caseId, replyTo } = await answeredCase(receiver, customer);
      expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo, subject }, "It happened again this morning."))).toMatchObject({ outcome: "posted", caseId });
      expect(await customerReplies(customer, caseId)).toEqual(["It happened again this morning."]);
    },
  );

  it("a spoofed From, a wrong or revoked token, DMARC failure and a closed case (when the settings say so) are held for staff with the reason", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo, staff } = await answeredCase(receiver, customer);
    const text = "Please change my bank details to the account below.";
    const cases = [
      [gmailReply({ from: "someone@evil.test", to: replyTo }, text), "sender is not the case's customer"],
      [gmailReply({ from: customer.email, to: "support+AAAAAAAAAAAAAAAAAAAAAA@example.test" }, text), "unknown reply address"],
      [gmailReply({ from: customer.email, to: "support@example.test" }, text), "no reply address"],
      [gmailReply({ from: customer.email, to: replyTo, headers: { "Authentication-Results": "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=fail (p=reject) header.from=example.test" } }, text), "DMARC failed"],
    ] as const;
    for (const [raw, reason] of cases) expect(await handleInboundMail(raw)).toMatchObject({ outcome: "held", reason, duplicate: false });

    await (await db()).transaction((tx) => revokeReplyAddresses(tx, caseId));
    expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo }, text))).toMatchObject({ outcome: "held", reason: "revoked reply address", caseId });
    expect(await customerReplies(customer, caseId)).toEqual([]);

    const other = await answeredCase(receiver, customer);
    await changeCaseStatus(staff, other.caseId, "closed", staffActor(staff));
    process.env.INBOUND_REOPEN_CLOSED = "false";
    reloadConfig();
    try {
      expect(await handleInboundMail(gmailReply({ from: customer.email, to: other.replyTo }, text))).toMatchObject({ outcome: "held", reason: "case is closed", caseId: other.caseId });
    } finally {
      delete process.env.INBOUND_REOPEN_CLOSED;
      reloadConfig();
    }

    // A held mail that names a case is kept whole for staff to post; its sender and subject are listed.
    const held = await (await db()).select().from(inboundMails).where(eq(inboundMails.customerId, customer.id));
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(held.every((row) => row.outcome === "held" && row.raw !== null && row.raw.toString().includes(text) && row.subject === "Re: Case update")).toBe(true);
    expect(held.map((row) => row.sender)).toContain("someone@evil.test");
  });

  it("an answer to an address mailed to the customer's earlier address is held, even from their address now; one mailed to that posts (S51)", async () => {
    const customer = await makeCustomer();
    const before = await answeredCase(receiver, customer);
    const moved = `moved.${customer.email}`;
    await (await db()).transaction((tx) => changeCustomerEmail(tx, customer.id, customer.email, moved));
    // Whoever read the mail at the earlier address (a thief who had moved the account there, say) writes the From as the address now.
    const text = "Please close my account.";
    expect(await handleInboundMail(gmailReply({ from: moved, to: before.replyTo }, text))).toMatchObject({ outcome: "held", reason: "sent to another address", caseId: before.caseId });
    const now = await answeredCase(receiver, (await findCustomerById(customer.id))!);
    expect(await handleInboundMail(gmailReply({ from: moved, to: now.replyTo }, "It happened again this morning."))).toMatchObject({ outcome: "posted", caseId: now.caseId });
    // An address made before the recipient was kept names none: the From alone decides, as before.
    const older = await answeredCase(receiver, (await findCustomerById(customer.id))!);
    await (await db()).execute(sql`update case_reply_addresses set recipient_hash = null where case_id = ${older.caseId}`);
    expect(await handleInboundMail(gmailReply({ from: moved, to: older.replyTo }, "And again tonight."))).toMatchObject({ outcome: "posted", caseId: older.caseId });
  });

  it("a reply from an account that was disabled is held with the reason, and posts nothing until it is enabled again", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    await setAccountDisabled(customer.id, true);
    const text = "Please send the refund to my new account.";
    expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo }, text))).toMatchObject({ outcome: "held", reason: "account disabled", caseId });
    expect(await customerReplies(customer, caseId)).toEqual([]);
    await setAccountDisabled(customer.id, false);
    expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo }, `${text} (again)`))).toMatchObject({ outcome: "posted", caseId });
  });

  it("a reply to a closed case reopens it by default, and the support team is told it reopened", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo, staff } = await answeredCase(receiver, customer);
    await changeCaseStatus(staff, caseId, "closed", staffActor(staff));
    const before = receiver.messages.length;
    const text = "It happened again this month, please look once more.";
    expect(await handleInboundMail(outlookReply({ from: customer.email, to: replyTo }, text))).toMatchObject({ outcome: "posted", caseId });
    const seen = await findCase(customer.id, String(caseId));
    expect(seen!.status).toBe("open");
    expect(seen!.history.some((event) => event.kind === "status" && event.fromStatus === "closed" && event.toStatus === "open")).toBe(true);
    await backgroundWork().run();
    const told = await receiver.waitFor((mail) => receiver.messages.indexOf(mail) >= before && mail.text!.includes(text));
    expect(told.envelopeTo).not.toContain(customer.email);
    expect(told.text).toContain("The case was closed; this reply by mail reopened it.");
  });

  it("attachments and inline images go through the upload checks and are posted with the new text", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3366cc" } }).png().toBuffer();
    const text = "Here is a photo of the meter and the bill.";
    const result = await handleInboundMail(appleMailReplyWithInlineImage({ from: customer.email, to: replyTo }, text, { fileName: "meter.png", contentType: "image/png", data: photo }));
    expect(result).toMatchObject({ outcome: "posted", caseId });
    expect(await customerReplies(customer, caseId)).toEqual([text]);
    const files = await listCaseAttachments(caseId, { includeInternal: false });
    expect(files.map((file) => [file.fileName, file.contentType, file.image]).sort()).toEqual([
      ["bill.pdf", "application/pdf", false],
      ["meter.png", "image/png", true],
    ]);
    const reply = (await findCase(customer.id, String(caseId)))!.history.find((event) => event.kind === "reply" && !event.byStaff)!;
    expect(files.every((file) => file.eventId === reply.id)).toBe(true);
  });

  it("a file the upload checks refuse holds the mail, and nothing of it is kept on the case", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    const program = { fileName: "invoice.pdf", contentType: "application/pdf", data: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]) };
    expect(await handleInboundMail(replyWithAttachment({ from: customer.email, to: replyTo }, "See the invoice attached.", [program]))).toMatchObject({ outcome: "held", reason: "attachment refused", caseId });
    const tooMany = Array.from({ length: 6 }, (_, index) => ({ fileName: `page-${index}.txt`, contentType: "text/plain", data: Buffer.from(`page ${index}`) }));
    expect(await handleInboundMail(replyWithAttachment({ from: customer.email, to: replyTo }, "All six pages.", tooMany))).toMatchObject({ outcome: "held", reason: "attachment refused", caseId });
    expect(await customerReplies(customer, caseId)).toEqual([]);
    expect(await listCaseAttachments(caseId, { includeInternal: true })).toEqual([]);
  });

  it("a pair of auto-responders does not loop: the customer's out-of-office answers every case mail, the portal answers none", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    // The case mail says it was sent by a program (RFC 3834), so well-behaved responders stay quiet.
    const caseMail = receiver.messages.find((mail) => mail.envelopeTo.includes(customer.email) && mail.replyTo?.value[0]?.address === replyTo);
    expect(caseMail?.headers.get("auto-submitted")).toBe("auto-generated");
    const toCustomer = async () => (await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email))).length;
    const sentBefore = await toCustomer();
    // Each round, the customer's responders answer; the portal must send nothing back, so the exchange stops.
    for (let round = 0; round < 3; round++) {
      for (const responder of [outOfOffice, vacationResponder]) {
        expect(await handleInboundMail(responder({ from: customer.email, to: replyTo }))).toMatchObject({ outcome: "dropped" });
      }
      await backgroundWork().run();
    }
    expect(await toCustomer()).toBe(sentBefore);
    expect(await customerReplies(customer, caseId)).toEqual([]);
  });

  it("nothing the mail says reaches the audit log", async () => {
    const customer = await makeCustomer();
    const { replyTo } = await answeredCase(receiver, customer);
    const secret = "my-secret-account-number-998877";
    await handleInboundMail(gmailReply({ from: customer.email, to: replyTo, subject: secret }, `Here it is: ${secret}`));
    await handleInboundMail(gmailReply({ from: "spoof@evil.test", to: replyTo, subject: secret }, `Here it is: ${secret}`));
    const rows = await (await db()).select().from(auditLog).where(inArray(auditLog.event, ["inbound_mail_posted", "inbound_mail_held"]));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it("malformed mail never throws: a 0-byte part, a wrong charset, a header 1 MB long, 10,000 parts, no Message-ID, not a mail at all", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(receiver, customer);
    const reply = { from: customer.email, to: replyTo };
    // Ten thousand parts: past the parser's part limit, so the mail is held, not lost.
    expect(await handleInboundMail(manyParts(reply, "Ten thousand parts.", 10_000))).toMatchObject({ outcome: "held", reason: "unreadable" });
    // A 0-byte part beside the text.
    expect(await handleInboundMail(manyParts(reply, "A 0-byte part came with this.", 2))).toMatchObject({ outcome: "posted" });
    // A charset no decoder knows: the text is still read as bytes, and posted.
    expect(await handleInboundMail(plainReply(reply, "Wrong charset but readable.", "text/plain; charset=x-no-such-charset"))).toMatchObject({ outcome: "posted" });
    // A header 1 MB long: past the parser's header limit, so the mail is held, not lost.
    expect(await handleInboundMail(plainReply({ ...reply, headers: { "X-Long": "a".repeat(1024 * 1024) } }, "A long header came with this."))).toMatchObject({ outcome: "held", reason: "unreadable" });
    // Without a Message-ID the content's hash stands in, so reading it twice posts it once.
    const anonymous = Buffer.from(plainReply(reply, "No message id here.").toString().replace(/^Message-ID: .*\r\n/m, ""));
    expect(await handleInboundMail(anonymous)).toMatchObject({ outcome: "posted", duplicate: false });
    expect(await handleInboundMail(anonymous)).toMatchObject({ outcome: "posted", duplicate: true });
    expect(await handleInboundMail(Buffer.alloc(0))).toMatchObject({ outcome: "held", reason: "no reply address" });
    // A Message-ID of 990 characters of another script (that do not compress): over the unique index's limit in bytes, so its hash stands in.
    const longMessageId = `<${Array.from({ length: 990 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20_000))).join("")}@mail.example.test>`;
    const longId = plainReply({ ...reply, headers: { "Message-ID": longMessageId } }, "A long Message-ID came with this.");
    // Someone who knew it in advance sends first a mail naming its stand-in (the hash of its first 998
    // characters, as a header line is kept): it is not taken for the same mail.
    const standIn = `<sha256-${createHash("sha256").update(longMessageId.slice(0, 998)).digest("hex")}@message-id.invalid>`;
    expect(await handleInboundMail(plainReply({ from: "someone@evil.test", to: replyTo, headers: { "Message-ID": standIn } }, "Claiming its place."))).toMatchObject({ outcome: "held", duplicate: false });
    expect(await handleInboundMail(longId)).toMatchObject({ outcome: "posted", duplicate: false });
    expect(await handleInboundMail(longId)).toMatchObject({ outcome: "posted", duplicate: true });
    // NUL and other control characters (PostgreSQL text cannot hold NUL) in the subject, the sender's name and the text.
    const nul = plainReply({ ...reply, subject: "=?utf-8?q?Bad=00subject=07?=" }, "Control=00characters=07 removed.", "text/plain; charset=utf-8");
    const withNul = Buffer.from(nul.toString().replace("Content-Type: text/plain; charset=utf-8", "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"));
    expect(await handleInboundMail(withNul)).toMatchObject({ outcome: "posted" });
    expect(await handleInboundMail(gmailReply({ from: "=?utf-8?q?Eve=00?= <eve@evil.test>", to: replyTo, subject: "=?utf-8?q?Held=00too?=" }, "Held with a NUL in its subject."))).toMatchObject({ outcome: "held" });
    expect(await customerReplies(customer, caseId)).toEqual(["A 0-byte part came with this.", "Wrong charset but readable.", "No message id here.", "A long Message-ID came with this.", "Controlcharacters removed."]);
  }, 60_000);
});
