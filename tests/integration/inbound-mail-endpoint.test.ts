import { eq } from "drizzle-orm";
import { GET, POST } from "@/app/api/inbound-mail/route";
import { advanceClock, resetClock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { inboundMails, type Customer } from "@/lib/db/schema";
import { createCase, findCase } from "@/lib/support/cases";
import { MAX_INBOUND_BYTES } from "@/lib/support/inbound/inbound-mail";
import { issueReplyAddress } from "@/lib/support/inbound/reply-address";
import { signDelivery } from "@/lib/support/inbound/signed-delivery";
import { makeCustomer } from "../support/customers";
import { gmailReply } from "../support/inbound-mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 28: POST /api/inbound-mail — a raw mail from an inbound-mail provider, signed with the
 * shared secret over a timestamp and the body; 404 when no secret is configured; the same
 * handling as the mailbox reader (posted once per Message-ID, however often it is delivered).
 */
withTestDatabase();

const SECRET = "inbound-webhook-secret-for-the-tests-0123456789";

function setSecret(secret: string | undefined) {
  if (secret) process.env.INBOUND_WEBHOOK_SECRET = secret;
  else delete process.env.INBOUND_WEBHOOK_SECRET;
  reloadConfig();
}

beforeAll(() => {
  process.env.SUPPORT_REPLY_ADDRESS = "support+{token}@example.test";
  setSecret(SECRET);
});
afterAll(() => {
  delete process.env.SUPPORT_REPLY_ADDRESS;
  setSecret(undefined);
});

function delivery(body: Buffer, options: { secret?: string; timestamp?: string; signature?: string; signedBody?: Buffer } = {}): Request {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = options.signature ?? signDelivery(options.secret ?? SECRET, timestamp, options.signedBody ?? body);
  return new Request("http://localhost/api/inbound-mail", {
    method: "POST",
    headers: { "Content-Type": "message/rfc822", "X-Portal-Timestamp": timestamp, "X-Portal-Signature": signature },
    body: new Uint8Array(body),
  });
}

async function aReply(customer: Customer, text: string) {
  const created = await createCase(customer, { subject: "My bill", category: "question", description: "Why is my bill so high this month?" }, "en");
  const replyTo = (await issueReplyAddress(await db(), created.id, customer))!;
  return { caseId: created.id, raw: gmailReply({ from: customer.email, to: replyTo }, text) };
}

async function replies(customer: Customer, caseId: number) {
  return (await findCase(customer.id, String(caseId)))!.history.filter((event) => event.kind === "reply" && !event.byStaff).map((event) => event.text);
}

describe(`POST /api/inbound-mail, on ${testDatabaseLabel()}`, () => {
  it("answers 404 to everything while INBOUND_WEBHOOK_SECRET is unset, and to GET always", async () => {
    const customer = await makeCustomer();
    const { caseId, raw } = await aReply(customer, "Not while unconfigured.");
    setSecret(undefined);
    try {
      expect((await POST(delivery(raw))).status).toBe(404);
    } finally {
      setSecret(SECRET);
    }
    expect((await GET()).status).toBe(404);
    expect(await replies(customer, caseId)).toEqual([]);
  });

  it("posts a signed mail to its case once, however often it is delivered — 20 copies at once and a replay later", async () => {
    const customer = await makeCustomer();
    const { caseId, raw } = await aReply(customer, "Delivered by the provider.");
    const answers = await Promise.all(Array.from({ length: 20 }, () => POST(delivery(raw))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect((await POST(delivery(raw))).status).toBe(200);
    expect(await replies(customer, caseId)).toEqual(["Delivered by the provider."]);
  });

  it.each([
    ["no signature", { signature: "" }],
    ["a signature made with another secret", { secret: "another-secret-that-is-long-enough-0123456789" }],
    ["a signature over another body", { signedBody: Buffer.from("something else") }],
    ["a signature of the wrong length", { signature: "sha256=abc" }],
    ["a timestamp that is not a number", { timestamp: "yesterday" }],
  ])("refuses %s with 401 and records nothing", async (_what, options) => {
    const customer = await makeCustomer();
    const { caseId, raw } = await aReply(customer, "Not signed right.");
    const answer = await POST(delivery(raw, options));
    expect(answer.status).toBe(401);
    expect(await answer.text()).toBe("Unauthorized.");
    expect(await replies(customer, caseId)).toEqual([]);
    expect(await (await db()).select().from(inboundMails).where(eq(inboundMails.caseId, caseId))).toEqual([]);
  });

  it("refuses a delivery signed more than five minutes from the portal's clock, either way (a replay window)", async () => {
    const customer = await makeCustomer();
    const { caseId, raw } = await aReply(customer, "Signed long ago.");
    const signedAt = String(Math.floor(Date.now() / 1000));
    try {
      advanceClock(5 * 60_000 + 2_000);
      expect((await POST(delivery(raw, { timestamp: signedAt }))).status).toBe(401);
      advanceClock(-2 * (5 * 60_000 + 2_000));
      expect((await POST(delivery(raw, { timestamp: signedAt }))).status).toBe(401);
    } finally {
      resetClock();
    }
    expect(await replies(customer, caseId)).toEqual([]);
    expect((await POST(delivery(raw, { timestamp: signedAt }))).status).toBe(200);
  });

  it("refuses a body over 25 MB with 413 without handling it, and a garbage body is held, never a 500", async () => {
    const big = Buffer.alloc(MAX_INBOUND_BYTES + 1, 0x61);
    expect((await POST(delivery(big))).status).toBe(413);
    expect((await POST(delivery(Buffer.from("\u0000\u0001 not a mail at all")))).status).toBe(200);
  });
});
