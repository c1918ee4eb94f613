import { ImapFlow } from "imapflow";
import { reloadConfig } from "@/lib/config";
import { setCustomerRole } from "@/lib/customers/customers";
import { type Customer } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { type StaffMember } from "@/lib/staff/access";
import { replyToCustomer } from "@/lib/support/case-conversation";
import { createCase, findCase } from "@/lib/support/cases";
import { handleInboundMail } from "@/lib/support/inbound/inbound-mail";
import { readSupportMailbox } from "@/lib/support/inbound/mailbox-reader";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { Dovecot, dovecotAbsentReason } from "../support/dovecot";
import { gmailReply, outOfOffice, outlookReplySpanish } from "../support/inbound-mail";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 28: the support mailbox read from a real Dovecot, messages delivered into it by IMAP APPEND. */
withTestDatabase();
const receiver = withSmtpReceiver();
const absent = dovecotAbsentReason();
if (absent) console.warn(`Skipping the support mailbox tests: ${absent}`);
const describeWithDovecot = absent ? describe.skip : describe;
const dovecot = new Dovecot();

beforeAll(async () => {
  process.env.SUPPORT_REPLY_ADDRESS = "support+{token}@example.test";
  reloadConfig();
  if (!absent) await dovecot.start();
}, 30_000);
afterAll(async () => {
  delete process.env.SUPPORT_REPLY_ADDRESS;
  reloadConfig();
  if (!absent) await dovecot.remove();
});

async function withMailbox<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: "127.0.0.1", port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

const deliver = (raw: Buffer) => withMailbox((client) => client.append("INBOX", raw));
const countIn = (folder: string) => withMailbox(async (client) => {
    const status = await client.status(folder, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });

async function answeredCase(customer: Customer) {
  const person = await makeCustomer();
  await setCustomerRole(person.id, "agent");
  const staff = (await reloadCustomer(person.id)) as StaffMember;
  const created = await createCase(customer, { subject: "My bill", category: "question", description: "Why is my bill so high this month?" }, "en");
  const before = receiver.messages.length;
  await replyToCustomer(staff, created.id, "We have looked at the reading.", { waitingForYou: true }, { actorId: staff.id, meta: freshMeta() });
  await backgroundWork().run();
  const mail = await receiver.waitFor((message) => receiver.messages.indexOf(message) >= before && message.envelopeTo.includes(customer.email) && message.text!.includes("We have looked"));
  return { caseId: created.id, replyTo: mail.replyTo!.value[0].address! };
}

const replies = async (customer: Customer, caseId: number) =>
  (await findCase(customer.id, String(caseId)))!.history.filter((event) => event.kind === "reply" && !event.byStaff).map((event) => event.text);

describeWithDovecot(`the support mailbox in Dovecot, on ${testDatabaseLabel()}`, () => {
  it("posts a customer's reply, drops an out-of-office answer and holds a spoofed From, moving each to its folder", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(customer);
    await deliver(outlookReplySpanish({ from: customer.email, to: replyTo }, "Sí, ya está bien. Gracias."));
    await deliver(outOfOffice({ from: customer.email, to: replyTo }));
    await deliver(gmailReply({ from: "someone@evil.test", to: replyTo }, "Send the refund to me."));
    const [processed, held, rejected] = [await countIn("Processed").catch(() => 0), await countIn("Held").catch(() => 0), await countIn("Rejected").catch(() => 0)];

    expect(await readSupportMailbox(dovecot.url)).toBe(3);
    expect(await replies(customer, caseId)).toEqual(["Sí, ya está bien. Gracias."]);
    expect(await countIn("INBOX")).toBe(0);
    expect(await countIn("Processed")).toBe(processed + 1);
    expect(await countIn("Held")).toBe(held + 1);
    expect(await countIn("Rejected")).toBe(rejected + 1);
    // Read again: nothing left, nothing posted twice.
    expect(await readSupportMailbox(dovecot.url)).toBe(0);
  }, 60_000);

  it("two readers at once post a mail once, and a crash between posting and moving posts nothing twice", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(customer);
    const first = gmailReply({ from: customer.email, to: replyTo }, "First reply, read by two readers.");
    const second = gmailReply({ from: customer.email, to: replyTo }, "Second reply, posted before a crash.");
    await deliver(first);
    await deliver(second);
    // The crash: the mail was posted, but the reader died before moving it.
    expect(await handleInboundMail(second)).toMatchObject({ outcome: "posted", duplicate: false });

    const passes = await Promise.allSettled([readSupportMailbox(dovecot.url), readSupportMailbox(dovecot.url)]);
    expect(passes.some((pass) => pass.status === "fulfilled")).toBe(true);
    expect((await replies(customer, caseId)).sort()).toEqual(["First reply, read by two readers.", "Second reply, posted before a crash."]);
    expect(await countIn("INBOX")).toBe(0);
  }, 60_000);

  it("with Dovecot stopped a pass fails and loses nothing; after the restart the mail is posted", async () => {
    const customer = await makeCustomer();
    const { caseId, replyTo } = await answeredCase(customer);
    await deliver(gmailReply({ from: customer.email, to: replyTo }, "Written while the mail server was down."));
    await dovecot.stop();
    try {
      await expect(readSupportMailbox(dovecot.url)).rejects.toThrow();
    } finally {
      await dovecot.start();
    }
    expect(await replies(customer, caseId)).toEqual([]);
    expect(await readSupportMailbox(dovecot.url)).toBe(1);
    expect(await replies(customer, caseId)).toEqual(["Written while the mail server was down."]);
  }, 60_000);
});
