jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, eq, inArray, isNull } from "drizzle-orm";
import { advanceClock, DAY, HOUR, now, resetClock } from "@/lib/clock";
import { discardHeldMailAction, postHeldMailAction } from "@/app/staff/inbound/actions";
import { db, type Executor } from "@/lib/db";
import { auditLog, inboundMails, type Customer } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { listCaseAttachments } from "@/lib/support/attachments/attachments";
import { changeCaseStatus } from "@/lib/support/case-conversation";
import { createCase, findCase } from "@/lib/support/cases";
import { countHeldMail, discardExpiredHeldMail, HELD_MAIL_DAYS, listHeldMail } from "@/lib/support/inbound/held-mail";
import { handleInboundMail } from "@/lib/support/inbound/inbound-mail";
import { issueReplyAddress } from "@/lib/support/inbound/reply-address";
import { withSupportReplyAddress } from "../support/case-replies";
import { makeCustomer } from "../support/customers";
import { gmailReply, replyWithAttachment } from "../support/inbound-mail";
import { withSmtpReceiver } from "../support/mail";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember, staffActor } from "../support/staff";
import { holdInTransaction } from "../support/held-transaction";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
// How the housekeeping runs each batch, without its time limits.
const inTransaction = async (work: (tx: Executor) => Promise<number>) => (await db()).transaction(work);
const postgresOnly = process.env.TEST_DATABASE_URL ? "" : " — skipped: PGlite has one connection, so no second transaction can hold a row";

/**
 * Issue 28: held mail on /staff/inbound — "Post to the case" and "Discard" are for agents and
 * admins only (S34), audited with the agent as actor, and single-use: of many presses at once
 * exactly one acts. Nothing the mail says reaches the audit log.
 */
const database = withTestDatabase();
const receiver = withSmtpReceiver();

type Person = Awaited<ReturnType<typeof makeCustomer>>;
let agent: Awaited<ReturnType<typeof makeStaffMember>>;
let customer: Person;

withSupportReplyAddress();
beforeAll(async () => {
  agent = await makeStaffMember("agent");
  customer = await makeCustomer();
});

const aCase = { subject: "The meter reading looks wrong", category: "not-working" as const, description: "The reading on my last bill is twice the usual one." };

/** A case of the customer's and a mail about it held because its From is not the customer's. */
async function heldMail(owner: Customer, text: string, options: { withFile?: boolean } = {}): Promise<{ id: number; caseId: number }> {
  const created = await createCase(owner, aCase, "en");
  const replyTo = (await issueReplyAddress(await db(), created.id, owner))!;
  // The customer wrote from another of their addresses: staff may recognise them and post it.
  const reply = { from: "ana.at.work@example.test", to: replyTo, subject: "Re: the meter" };
  const raw = options.withFile ? replyWithAttachment(reply, text) : gmailReply(reply, text);
  const result = await handleInboundMail(raw);
  expect(result).toMatchObject({ outcome: "held", reason: "sender is not the case's customer", caseId: created.id });
  const [row] = await (await db()).select().from(inboundMails).where(and(eq(inboundMails.caseId, created.id), eq(inboundMails.outcome, "held")));
  return { id: row.id, caseId: created.id };
}

async function customerReplies(owner: Customer, caseId: number) {
  const seen = await findCase(owner.id, String(caseId));
  return seen!.history.filter((event) => event.kind === "reply" && !event.byStaff).map((event) => event.text);
}

async function audited(event: "inbound_mail_posted_by_staff" | "inbound_mail_discarded", id: number) {
  const rows = await (await db()).select().from(auditLog).where(and(eq(auditLog.event, event), eq(auditLog.actorId, agent.id)));
  return rows.filter((row) => (row.details as { inboundMailId?: number } | null)?.inboundMailId === id);
}

async function rowOf(id: number) {
  return (await (await db()).select().from(inboundMails).where(eq(inboundMails.id, id)))[0];
}

describe(`held mail on /staff/inbound, on ${testDatabaseLabel()} (issue 28)`, () => {
  it("lists each held mail with its reason, sender, subject and time, and counts them for the staff navigation", async () => {
    const before = await countHeldMail();
    const { id, caseId } = await heldMail(customer, "Listed, not posted.");
    expect(await countHeldMail()).toBe(before + 1);
    const listed = (await listHeldMail()).find((mail) => mail.id === id);
    expect(listed).toMatchObject({ reason: "sender is not the case's customer", sender: "ana.at.work@example.test", subject: "Re: the meter", caseId });
    expect(listed!.receivedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["a signed-out visitor", (): Person | null => null],
    ["a customer", (): Person | null => customer],
  ] as const)("refuse %s with 404, and the mail stays held", async (_who, person) => {
    const { id } = await heldMail(customer, "Nobody but staff decides.");
    await actAs(person());
    expect(await answerOf(postHeldMailAction(form({ id: String(id) })))).toBe("not found");
    expect(await answerOf(discardHeldMailAction(form({ id: String(id) })))).toBe("not found");
    expect((await rowOf(id)).outcome).toBe("held");
  });

  it("refuse a staff session that did not pass two-step verification", async () => {
    const { id } = await heldMail(customer, "Two steps first.");
    await actAs(agent, { twoStep: false });
    expect(await answerOf(postHeldMailAction(form({ id: String(id) })))).toBe("not found");
    expect((await rowOf(id)).outcome).toBe("held");
  });

  it("20 presses of Post at once post the mail once, with its file, audit it once, and tell the support team", async () => {
    const text = "Posted once, however many presses.";
    const { id, caseId } = await heldMail(customer, text, { withFile: true });
    await actAs(agent);
    const before = receiver.messages.length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => answerOf(postHeldMailAction(form({ id: String(id) })))));
    expect(answers.filter((answer) => answer === `redirect /staff/inbound?done=posted&case=${caseId}`)).toHaveLength(1);
    expect(answers.filter((answer) => answer === "redirect /staff/inbound?refused=gone")).toHaveLength(19);
    expect(await customerReplies(customer, caseId)).toEqual([text]);
    // One file on the case: the losing presses' copies were removed.
    expect((await listCaseAttachments(caseId, { includeInternal: true })).map((file) => file.fileName)).toEqual(["bill.pdf"]);
    const row = await rowOf(id);
    expect(row).toMatchObject({ outcome: "posted", decidedBy: agent.id, raw: null });
    const audits = await audited("inbound_mail_posted_by_staff", id);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain(text);
    await backgroundWork().run();
    const told = await receiver.waitFor((mail) => receiver.messages.indexOf(mail) >= before && mail.text!.includes(text));
    expect(told.envelopeTo).not.toContain(customer.email);
  });

  it("20 presses of Discard at once discard it once, audited once, and erase what it said", async () => {
    const text = "Discard me, once.";
    const { id, caseId } = await heldMail(customer, text);
    await actAs(agent);
    const answers = await Promise.all(Array.from({ length: 20 }, () => answerOf(discardHeldMailAction(form({ id: String(id) })))));
    expect(answers.filter((answer) => answer === "redirect /staff/inbound?done=discarded")).toHaveLength(1);
    expect(answers.filter((answer) => answer === "redirect /staff/inbound?refused=gone")).toHaveLength(19);
    expect(await rowOf(id)).toMatchObject({ outcome: "discarded", raw: null, decidedBy: agent.id });
    expect(await audited("inbound_mail_discarded", id)).toHaveLength(1);
    expect(await customerReplies(customer, caseId)).toEqual([]);
  });

  it("Post and Discard pressed together: exactly one of them acts", async () => {
    const { id, caseId } = await heldMail(customer, "Either posted or discarded.");
    await actAs(agent);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => answerOf((index % 2 === 0 ? postHeldMailAction : discardHeldMailAction)(form({ id: String(id) })))),
    );
    expect(answers.filter((answer) => !answer.endsWith("refused=gone"))).toHaveLength(1);
    const row = await rowOf(id);
    expect((await customerReplies(customer, caseId)).length).toBe(row.outcome === "posted" ? 1 : 0);
    expect((await audited("inbound_mail_posted_by_staff", id)).length + (await audited("inbound_mail_discarded", id)).length).toBe(1);
  });

  it(`housekeeping discards mail held over ${HELD_MAIL_DAYS} days, content erased and audited with no actor; younger mail stays; with Discard pressed at once, one acts`, async () => {
    const old = await heldMail(customer, "Held and forgotten.");
    const young = await heldMail(customer, "Held, not yet for long.");
    const racing = await heldMail(customer, "Forgotten, then remembered at the last moment.");
    const heldFor = async (id: number, days: number) => (await db()).update(inboundMails).set({ receivedAt: new Date(now().getTime() - days * DAY) }).where(eq(inboundMails.id, id));
    await heldFor(racing.id, HELD_MAIL_DAYS + 1);
    const bySystem = async (id: number) =>
      (await (await db()).select().from(auditLog).where(and(eq(auditLog.event, "inbound_mail_discarded"), isNull(auditLog.actorId)))).filter((row) => (row.details as { inboundMailId?: number }).inboundMailId === id);

    await actAs(agent);
    const [answers] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => answerOf(discardHeldMailAction(form({ id: String(racing.id) }))))),
      discardExpiredHeldMail(inTransaction),
    ]);
    expect((await audited("inbound_mail_discarded", racing.id)).length + (await bySystem(racing.id)).length).toBe(1);
    expect(answers.filter((answer) => answer === "redirect /staff/inbound?done=discarded").length).toBe((await audited("inbound_mail_discarded", racing.id)).length);

    // The hourly housekeeping, as the server runs it. (Its worker is the process's: it now counts
    // its last housekeeping two hours ahead of the clock reset below, so no later test here may
    // count on the worker's housekeeping; the one that does advances the clock further.)
    await heldFor(old.id, HELD_MAIL_DAYS + 1);
    await heldFor(young.id, HELD_MAIL_DAYS - 1);
    advanceClock(2 * HOUR);
    try {
      await backgroundWork().run();
    } finally {
      resetClock();
    }
    expect(await rowOf(old.id)).toMatchObject({ outcome: "discarded", raw: null, sender: null, subject: null, decidedBy: null, decidedAt: expect.any(Date) });
    expect(await bySystem(old.id)).toEqual([expect.objectContaining({ customerId: customer.id, details: { inboundMailId: old.id, caseId: old.caseId, reason: "sender is not the case's customer", expired: true } })]);
    expect(await rowOf(young.id)).toMatchObject({ outcome: "held", raw: expect.any(Buffer) });
    expect((await listHeldMail()).map((row) => row.id)).not.toContain(old.id);
    expect(await customerReplies(customer, old.caseId)).toEqual([]);
  });

  it("one housekeeping pass discards every expired held mail, 50 a statement, batch after batch", async () => {
    const longAgo = (days: number) => new Date(now().getTime() - days * DAY);
    const rows = Array.from({ length: 120 }, (_, index) => ({ messageId: `<expired-${index}-${customer.id}@example.test>`, outcome: "held" as const, reason: "no reply address", receivedAt: longAgo(HELD_MAIL_DAYS + 1 + index / 100) }));
    const inserted = await (await db()).insert(inboundMails).values(rows).returning({ id: inboundMails.id });
    const ids = inserted.map((row) => row.id);
    const batches: number[] = [];
    const counted = async (work: (tx: Executor) => Promise<number>) => {
      const discarded = await inTransaction(work);
      batches.push(discarded);
      return discarded;
    };
    expect(await discardExpiredHeldMail(counted)).toBe(120);
    expect(batches).toEqual([50, 50, 20]);
    const left = await (await db()).select({ id: inboundMails.id }).from(inboundMails).where(and(inArray(inboundMails.id, ids), eq(inboundMails.outcome, "held")));
    expect(left).toEqual([]);
  });

  onPostgres(`housekeeping passes over a held mail an agent is discarding, and the agent's decision stands: one audit (S51)${postgresOnly}`, async () => {
    const { id } = await heldMail(customer, "Discarded by an agent while housekeeping waited.");
    await (await db()).update(inboundMails).set({ receivedAt: new Date(now().getTime() - (HELD_MAIL_DAYS + 1) * DAY) }).where(eq(inboundMails.id, id));
    const url = database.current().url!;
    const agentsDiscard = holdInTransaction(url, (sql) => sql`update inbound_mails set outcome = 'discarded', decided_by = ${agent.id}, raw = null where id = ${id}`);
    try {
      await agentsDiscard.isHeld;
      // Skipped at once, not waited for: a wait would hold the whole housekeeping pass up to its lock limit.
      expect(await discardExpiredHeldMail(inTransaction)).toBe(0);
      await agentsDiscard.release();
      // And once the agent's decision is in, there is nothing left to discard.
      expect(await discardExpiredHeldMail(inTransaction)).toBe(0);
    } finally {
      await agentsDiscard.release();
    }
    expect(await rowOf(id)).toMatchObject({ outcome: "discarded", decidedBy: agent.id });
    expect(await (await db()).select().from(auditLog).where(and(eq(auditLog.event, "inbound_mail_discarded"), isNull(auditLog.actorId)))).not.toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ inboundMailId: id }) }),
    );
  });

  onPostgres(`housekeeping still discards expired held mail when an earlier step fails (its table locked past the lock limit)${postgresOnly}`, async () => {
    const { id } = await heldMail(customer, "Held while another table was locked.");
    await (await db()).update(inboundMails).set({ receivedAt: new Date(now().getTime() - (HELD_MAIL_DAYS + 1) * DAY) }).where(eq(inboundMails.id, id));
    // An operator's open transaction on the table the first prune deletes from: that prune waits 5 s for it, then fails.
    const operator = holdInTransaction(database.current().url!, (sql) => sql`lock table password_reset_tokens in access exclusive mode`);
    advanceClock(4 * HOUR);
    try {
      await operator.isHeld;
      await backgroundWork().run();
    } finally {
      resetClock();
      await operator.release();
    }
    expect(await rowOf(id)).toMatchObject({ outcome: "discarded", raw: null });
  }, 30_000);

  it("posting to a closed case reopens it; a mail naming no case can only be discarded; a bad id is a 404", async () => {
    const { id, caseId } = await heldMail(customer, "Please reopen this.");
    await changeCaseStatus(agent, caseId, "closed", staffActor(agent));
    await actAs(agent);
    expect(await answerOf(postHeldMailAction(form({ id: String(id) })))).toBe(`redirect /staff/inbound?done=posted&case=${caseId}`);
    expect((await findCase(customer.id, String(caseId)))!.status).toBe("open");

    await handleInboundMail(gmailReply({ from: customer.email, to: "support@example.test" }, "No case named."));
    const [orphan] = await (await db()).select().from(inboundMails).where(and(eq(inboundMails.reason, "no reply address"), eq(inboundMails.outcome, "held")));
    expect(orphan.raw).toBeNull();
    expect(await answerOf(postHeldMailAction(form({ id: String(orphan.id) })))).toBe("redirect /staff/inbound?refused=no_case");
    expect(await answerOf(discardHeldMailAction(form({ id: String(orphan.id) })))).toBe("redirect /staff/inbound?done=discarded");

    for (const bad of ["", "abc", "-1", "0", "99999999999999999999"]) expect(await answerOf(postHeldMailAction(form({ id: bad })))).toBe("not found");
    expect(await answerOf(discardHeldMailAction(form({ id: "987654" })))).toBe("redirect /staff/inbound?refused=gone");
  });
});
