import { and, eq } from "drizzle-orm";
import { backgroundWork } from "@/lib/server/background-work";
import { setCustomerLocale } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { auditLog, supportCaseEvents, supportCases } from "@/lib/db/schema";
import { StaffOnly, type StaffMember } from "@/lib/staff/access";
import { addInternalNote, assignCase, changeCaseStatus, replyToCustomer, statusSchema } from "@/lib/support/case-conversation";
import { closeAsCustomer, replyAsCustomer } from "@/lib/support/customer-replies";
import { caseQueue, queueFilters, staffCase } from "@/lib/support/case-queue";
import { createCase, findCase } from "@/lib/support/cases";
import { makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 15: a case's conversation between the customer and the support team, and the queue. */
withTestDatabase();
const receiver = withSmtpReceiver();

const aCase = { subject: "The meter reading looks wrong", category: "not-working" as const, description: "The reading on my last bill is twice the usual one." };

async function deliveredTo(address: string, after: number) {
  await backgroundWork().run();
  return receiver.waitFor((mail) => mail.envelopeTo.includes(address) && receiver.messages.indexOf(mail) >= after);
}

describe(`the case conversation, on ${testDatabaseLabel()}`, () => {
  it("an agent's reply shows under My cases and is mailed to the customer, in their language, with a link to the case", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer({ name: "Lucía Gómez" });
    await setCustomerLocale(customer.id, "es");
    const created = await createCase(customer, aCase, "es");
    await backgroundWork().run();
    const before = receiver.messages.length;

    expect(await replyToCustomer(agent, created.id, "Hemos revisado la lectura.\nVisite https://portal.example.test/knowledge-base para más datos.", { waitingForYou: true }, staffActor(agent))).toEqual({ ok: true });

    const seen = await findCase(customer.id, String(created.id));
    expect(seen!.status).toBe("waiting for you");
    expect(seen!.history.map((event) => [event.kind, event.byStaff])).toEqual([
      ["created", false],
      ["reply", true],
      ["status", true],
    ]);
    const mail = await deliveredTo(customer.email, before);
    expect(mail.subject).toBe(`Caso ${created.id}: atención al cliente le ha respondido`);
    expect(mail.text).toContain("Hemos revisado la lectura.");
    expect(mail.text).toContain(`https://portal.example.test/support/cases/${created.id}`);
    expect(mail.text).toContain("Necesitamos su respuesta para continuar");
    // One step, one mail: the status change rides on the reply.
    await backgroundWork().run();
    expect(receiver.messages.slice(before).filter((m) => m.envelopeTo.includes(customer.email))).toHaveLength(1);
    const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.id, created.id));
    expect(row.customerWaitingSince).toBeNull();
  });

  it("a reply without 'waiting for the customer' moves an open case to in progress", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    await replyToCustomer(agent, created.id, "We are on it.", { waitingForYou: false }, staffActor(agent));
    expect((await findCase(customer.id, String(created.id)))!.status).toBe("in progress");
  });

  it("internal notes and assignments never reach the customer, and the database refuses a visible note", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    await addInternalNote(agent, created.id, "Customer sounded upset on the phone; check the meter history.", staffActor(agent));
    await assignCase(agent, created.id, agent.id, staffActor(agent));

    const seen = await findCase(customer.id, String(created.id));
    expect(JSON.stringify(seen)).not.toContain("upset");
    expect(seen!.history.map((event) => event.kind)).toEqual(["created"]);
    expect(JSON.stringify(seen)).not.toContain(agent.id);

    const forStaff = await staffCase(String(created.id));
    expect(forStaff!.history.map(({ event }) => [event.kind, event.internal])).toEqual([
      ["created", false],
      ["note", true],
      ["assignment", true],
    ]);
    await expect((await db()).insert(supportCaseEvents).values({ caseId: created.id, at: new Date(), kind: "note", text: "visible?", internal: false })).rejects.toThrow();
  });

  it("a status change is mailed to the customer and audited; closing means nobody is waiting", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    await backgroundWork().run();
    const before = receiver.messages.length;
    await changeCaseStatus(agent, created.id, "closed", staffActor(agent));
    const mail = await deliveredTo(customer.email, before);
    expect(mail.subject).toBe(`Case ${created.id} is now closed`);
    expect(mail.text).toContain("We consider it solved");
    const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.id, created.id));
    expect(row).toMatchObject({ status: "closed", customerWaitingSince: null });
    const [entry] = await (await db()).select().from(auditLog).where(and(eq(auditLog.event, "case_status_changed"), eq(auditLog.actorId, agent.id)));
    expect(entry).toMatchObject({ customerId: customer.id, details: { caseId: created.id, fromStatus: "open", toStatus: "closed" } });
    // The same status again is nothing to tell.
    expect(await changeCaseStatus(agent, created.id, "closed", staffActor(agent))).toEqual({ ok: true });
    expect(statusSchema.safeParse("reopened").success).toBe(false);
  });

  it("assigns only to members of the support team", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    expect(await assignCase(agent, created.id, customer.id, staffActor(agent))).toEqual({ ok: false, reason: "not_an_agent" });
    expect(await assignCase(agent, created.id, agent.id, staffActor(agent))).toEqual({ ok: true });
    expect(await assignCase(agent, 999_999_999, agent.id, staffActor(agent))).toEqual({ ok: false, reason: "not_found" });
  });

  it("refuses a caller without the role in lib/ too (defence in depth)", async () => {
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const pretender = { ...customer, role: "customer" } as unknown as StaffMember;
    await expect(replyToCustomer(pretender, created.id, "Hello", { waitingForYou: false }, { actorId: customer.id })).rejects.toThrow(StaffOnly);
  });

  it("the customer's reply reopens a case waiting for them and notifies the agent who holds it", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer({ name: "Pat Doe" });
    const created = await createCase(customer, aCase, "en");
    await assignCase(agent, created.id, agent.id, staffActor(agent));
    await replyToCustomer(agent, created.id, "Could you send a photo of the meter?", { waitingForYou: true }, staffActor(agent));
    const before = receiver.messages.length;

    expect(await replyAsCustomer(customer, created.id, "Here it is: the display shows 01234.")).toEqual({ ok: true });

    const seen = await findCase(customer.id, String(created.id));
    expect(seen!.status).toBe("in progress");
    const mail = await deliveredTo(agent.email, before);
    expect(mail.subject).toBe(`Case ${created.id}: Pat Doe has replied`);
    expect(mail.text).toContain("the display shows 01234");
    expect(mail.text).toContain(`https://portal.example.test/staff/cases/${created.id}`);
    const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.id, created.id));
    expect(row.customerWaitingSince).not.toBeNull();
  });

  it("the customer's reply to an unassigned case goes to the support mailbox; a closed case takes no reply; another customer's case is not found", async () => {
    const customer = await makeCustomer();
    const other = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const before = receiver.messages.length;
    await replyAsCustomer(customer, created.id, "Any news?");
    await deliveredTo("support@example.test", before);

    expect(await replyAsCustomer(other, created.id, "Not my case")).toEqual({ ok: false, reason: "not_found" });
    expect(await closeAsCustomer(other, created.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await closeAsCustomer(customer, created.id)).toEqual({ ok: true });
    expect(await replyAsCustomer(customer, created.id, "One more thing")).toEqual({ ok: false, reason: "closed" });
    const seen = await findCase(customer.id, String(created.id));
    expect(seen!.history.at(-1)).toMatchObject({ kind: "status", byStaff: false, toStatus: "closed" });
  });
});

describe(`the case queue, on ${testDatabaseLabel()}`, () => {
  it("lists newest activity first, with who waits, and filters by status, category, assignment and search", async () => {
    const agent = await makeStaffMember("agent");
    const alice = await makeCustomer({ name: "Alice Queue" });
    const bob = await makeCustomer({ name: "Bob 100%_match" });
    const first = await createCase(alice, { ...aCase, subject: "Invoice 77 is missing" }, "en");
    const second = await createCase(bob, { ...aCase, subject: "Cannot sign in", category: "account" }, "en");
    await replyToCustomer(agent, first.id, "Sent again.", { waitingForYou: true }, staffActor(agent));
    await assignCase(agent, second.id, agent.id, staffActor(agent));

    const all = await caseQueue(queueFilters({}), agent.id);
    const ours = all.cases.filter((item) => item.id === first.id || item.id === second.id);
    expect(ours.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(ours.find((item) => item.id === second.id)!.customerWaitingSince).not.toBeNull();
    expect(ours.find((item) => item.id === first.id)!.customerWaitingSince).toBeNull();

    const ids = async (query: Record<string, string>) => (await caseQueue(queueFilters(query), agent.id)).cases.map((item) => item.id);
    expect(await ids({ status: "waiting for you" })).toContain(first.id);
    expect(await ids({ status: "waiting for you" })).not.toContain(second.id);
    expect(await ids({ category: "account" })).toEqual(expect.arrayContaining([second.id]));
    expect(await ids({ category: "account" })).not.toContain(first.id);
    expect(await ids({ mine: "1" })).toEqual([second.id]);
    expect(await ids({ q: String(first.id) })).toContain(first.id);
    expect(await ids({ q: "invoice 77" })).toEqual([first.id]);
    expect(await ids({ q: alice.email.toUpperCase() })).toEqual([first.id]);
    expect(await ids({ q: bob.username })).toEqual([second.id]);
    // LIKE's wildcards are text here: "%_" matches Bob's name only.
    expect(await ids({ q: "100%_" })).toEqual([second.id]);
    expect(await ids({ q: "_%" })).toEqual([]);
  });

  it("pages through the queue and ignores filters it does not know", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer();
    for (let i = 0; i < 27; i += 1) await createCase(customer, { ...aCase, subject: `Paging case ${i}` }, "en");
    const first = await caseQueue(queueFilters({ q: "Paging case" }), agent.id);
    const second = await caseQueue(queueFilters({ q: "Paging case", page: "2" }), agent.id);
    expect(first).toMatchObject({ more: true });
    expect(first.cases).toHaveLength(25);
    expect(second).toMatchObject({ more: false });
    expect(second.cases).toHaveLength(2);
    expect(queueFilters({ status: "deleted", category: "<script>", page: "-3", q: ["a", "b"] })).toEqual({ view: null, sort: "activity", status: "active", category: null, mine: false, search: "", page: 1 });
  });
});
