import { desc, eq } from "drizzle-orm";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { db } from "@/lib/db";
import { contactMessages, customers, inboundMails, outbox, type Customer } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { listCaseAttachments } from "@/lib/support/attachments/attachments";
import { findCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { contactMessageForStaff, makeCaseFromContactMessage, replyToContactMessage } from "@/lib/support/contact-inbox";
import { handleInboundMail } from "@/lib/support/inbound/inbound-mail";
import { revokeContactReplyAddresses } from "@/lib/support/inbound/reply-address";
import { withSupportReplyAddress } from "../support/case-replies";
import { freshMeta, makeCustomer } from "../support/customers";
import { gmailReply, outlookReplySpanish, outOfOffice, plainReply, replyWithAttachment } from "../support/inbound-mail";
import { withSmtpReceiver } from "../support/mail";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 28: the support team's answer to a Contact us message carries a reply address naming the
 * message; the sender's answer by mail lands under the message, or on the case made from it.
 */
withTestDatabase();
const receiver = withSmtpReceiver();

withSupportReplyAddress();

let sequence = 0;

/** A Contact us message the support team has answered, and the Reply-To of that answer as the sender's mail app sees it. */
async function answeredMessage(sender: { name: string; email: string }, customerId: string | null = null, locale: string | null = null) {
  const staff = await makeStaffMember("agent");
  const message = `Question number ${++sequence}: can I pay my bill by bank transfer?`;
  expect(await sendContactMessage({ ...sender, message }, freshMeta(), customerId, locale)).toBe(true);
  const [stored] = await (await db()).select().from(contactMessages).orderBy(desc(contactMessages.id)).limit(1);
  const answer = `Yes, you can (answer ${sequence}).`;
  expect(await replyToContactMessage(staff, stored.id, answer, staffActor(staff))).toEqual({ ok: true });
  await backgroundWork().run();
  const mail = await receiver.waitFor((sent) => sent.envelopeTo.includes(sender.email) && sent.text!.includes(answer));
  const replyTo = mail.replyTo?.value[0]?.address;
  if (!replyTo) throw new Error("the answer to the Contact us message has no Reply-To");
  return { messageId: stored.id, replyTo, staff };
}

async function senderReplies(messageId: number) {
  const shown = await contactMessageForStaff(String(messageId));
  return shown!.replies.filter((reply) => reply.fromSender).map((reply) => reply.text);
}

async function customerReplies(customer: Customer, caseId: number) {
  const seen = await findCase(customer.id, String(caseId));
  return seen!.history.filter((event) => event.kind === "reply" && !event.byStaff).map((event) => event.text);
}

describe(`answers by mail to Contact us answers, on ${testDatabaseLabel()}`, () => {
  it("the team's answer carries a Reply-To naming the message with a random token, kept only as its hash", async () => {
    const { messageId, replyTo } = await answeredMessage({ name: "Dora", email: "dora@example.test" });
    expect(replyTo).toMatch(/^support\+[A-Za-z0-9_-]{22}@example\.test$/);
    const token = replyTo.slice("support+".length, replyTo.indexOf("@"));
    const stored = await (await db()).execute(`select token_hash, case_id, customer_id from case_reply_addresses where contact_message_id = ${messageId}`);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).toContain("token_hash");
  });

  it.each([
    ["Gmail, English", gmailReply, "Thank you, I will pay by transfer then.", null],
    ["Outlook, Spanish", outlookReplySpanish, "Gracias, pagaré por transferencia.", "es"],
  ])("the sender's answer from %s lands under the message with only the new text, newest last, and the support team is told", async (_client, write, text, locale) => {
    const email = `sender-${++sequence}@example.test`;
    const { messageId, replyTo } = await answeredMessage({ name: "Eva", email }, null, locale);
    const before = receiver.messages.length;
    const result = await handleInboundMail(write({ from: `Eva <${email.toUpperCase()}>`, to: `Customer Support <${replyTo}>` }, text));
    expect(result).toEqual({ outcome: "posted", reason: null, caseId: null, duplicate: false });
    const shown = await contactMessageForStaff(String(messageId));
    // The team's answer first, then the sender's: the thread reads top to bottom.
    expect(shown!.replies.map((reply) => [reply.fromSender, reply.fromSender ? reply.text : "answer"])).toEqual([
      [false, "answer"],
      [true, text],
    ]);
    // Someone has to read it: the message is new again.
    expect(shown!.message.handledAt).toBeNull();
    await backgroundWork().run();
    const told = await receiver.waitFor((mail) => receiver.messages.indexOf(mail) >= before && mail.text!.includes(text));
    expect(told.text).toContain(`/staff/contact/${messageId}`);
    expect(told.replyTo?.value.map((address) => address.address)).toEqual([email]);
    // The sender gets no "we got it" mail.
    expect(receiver.messages.slice(before).some((mail) => mail.envelopeTo.includes(email))).toBe(false);

    // A second answer goes under the first.
    await handleInboundMail(gmailReply({ from: email, to: replyTo }, "One more thing: which account number?"));
    expect(await senderReplies(messageId)).toEqual([text, "One more thing: which account number?"]);
  });

  it("an answer to a message that became a case goes onto the case as the customer's reply, with its files", async () => {
    const customer = await makeCustomer();
    const { messageId, replyTo, staff } = await answeredMessage({ name: "Fay", email: customer.email }, customer.id);
    const made = await makeCaseFromContactMessage(staff, messageId, { subject: "Paying by transfer", category: "question" }, staffActor(staff));
    expect(made.ok && made.caseId).toBeTruthy();
    const caseId = (made as { caseId: number }).caseId;
    const text = "Here is the transfer receipt.";
    await backgroundWork().run();
    const before = receiver.messages.length;
    const result = await handleInboundMail(replyWithAttachment({ from: customer.email, to: replyTo }, text));
    expect(result).toMatchObject({ outcome: "posted", reason: null, caseId, duplicate: false });
    expect(await customerReplies(customer, caseId)).toEqual([text]);
    expect((await listCaseAttachments(caseId, { includeInternal: false })).map((file) => file.fileName)).toEqual(["bill.pdf"]);
    expect(await senderReplies(messageId)).toEqual([]);
    // The support team hears of it as of any customer reply on a case; the customer gets nothing.
    await backgroundWork().run();
    const told = await receiver.waitFor((mail) => receiver.messages.indexOf(mail) >= before && mail.text!.includes(text));
    expect(told.text).toContain(`/staff/cases/${caseId}`);
    expect(receiver.messages.slice(before).some((mail) => mail.envelopeTo.includes(customer.email))).toBe(false);
  });

  it("an answer from the address the case's customer has since moved away from is held, not posted as them", async () => {
    const customer = await makeCustomer();
    const { messageId, replyTo, staff } = await answeredMessage({ name: "Hal", email: customer.email }, customer.id);
    const made = await makeCaseFromContactMessage(staff, messageId, { subject: "Paying by transfer", category: "question" }, staffActor(staff));
    const caseId = (made as { caseId: number }).caseId;
    await (await db()).update(customers).set({ email: `moved.${customer.email}` }).where(eq(customers.id, customer.id));
    expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo }, "Written from the old address."))).toMatchObject({ outcome: "held", reason: "sender is not the case's customer" });
    expect(await customerReplies(customer, caseId)).toEqual([]);
  });

  it("an answer to a message that became the case of an account since disabled is held with the reason", async () => {
    const customer = await makeCustomer();
    const { messageId, replyTo, staff } = await answeredMessage({ name: "Gus", email: customer.email }, customer.id);
    const made = await makeCaseFromContactMessage(staff, messageId, { subject: "Paying by transfer", category: "question" }, staffActor(staff));
    const caseId = (made as { caseId: number }).caseId;
    await setAccountDisabled(customer.id, true);
    expect(await handleInboundMail(gmailReply({ from: customer.email, to: replyTo }, "Still waiting for the receipt."))).toMatchObject({ outcome: "held", reason: "account disabled" });
    expect(await customerReplies(customer, caseId)).toEqual([]);
  });

  it("a spoofed From, a wrong or revoked token, DMARC failure, files on a message without a case and an automatic-looking subject are held with the reason; an out-of-office is dropped", async () => {
    const email = `sender-${++sequence}@example.test`;
    const { messageId, replyTo } = await answeredMessage({ name: "Gil", email });
    const text = "Please send the refund to the account below.";
    const outboxBefore = (await (await db()).select().from(outbox)).length;
    const cases = [
      [gmailReply({ from: "someone@evil.test", to: replyTo }, text), "sender is not the message's sender"],
      [gmailReply({ from: email, to: "support+AAAAAAAAAAAAAAAAAAAAAA@example.test" }, text), "unknown reply address"],
      [gmailReply({ from: email, to: replyTo, headers: { "Authentication-Results": "mx.example.test; dmarc=fail (p=reject) header.from=example.test" } }, text), "DMARC failed"],
      [replyWithAttachment({ from: email, to: replyTo }, text), "files cannot go on a Contact us message"],
      // No header says it is automatic; its subject does, which is only a guess: held, not dropped.
      [plainReply({ from: email, to: replyTo, subject: "Automatic reply: Your message" }, text), "subject looks automatic"],
    ] as const;
    for (const [raw, reason] of cases) expect(await handleInboundMail(raw)).toMatchObject({ outcome: "held", reason, caseId: null, duplicate: false });
    expect(await handleInboundMail(outOfOffice({ from: email, to: replyTo }))).toMatchObject({ outcome: "dropped", reason: "auto-reply" });

    await (await db()).transaction((tx) => revokeContactReplyAddresses(tx, messageId));
    expect(await handleInboundMail(gmailReply({ from: email, to: replyTo }, text))).toMatchObject({ outcome: "held", reason: "revoked reply address" });

    expect(await senderReplies(messageId)).toEqual([]);
    // Nothing is sent in answer to any of them.
    expect((await (await db()).select().from(outbox)).length).toBe(outboxBefore);
    const held = await (await db()).select().from(inboundMails).where(eq(inboundMails.sender, "someone@evil.test"));
    expect(held.some((row) => row.outcome === "held" && row.reason === "sender is not the message's sender")).toBe(true);
  });

  it("the same mail handled 20 times at once is posted once", async () => {
    const email = `sender-${++sequence}@example.test`;
    const { messageId, replyTo } = await answeredMessage({ name: "Hal", email });
    const raw = gmailReply({ from: email, to: replyTo }, "Posted once only, please.");
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => handleInboundMail(raw, { mailboxUid: `7:${index + 1}` })));
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(results.every((result) => result.outcome === "posted")).toBe(true);
    expect(await senderReplies(messageId)).toEqual(["Posted once only, please."]);
  });
});
