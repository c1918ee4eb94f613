jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { staffWorkAction } from "@/app/staff/cases/[id]/actions";
import { db } from "@/lib/db";
import { auditLog, outbox, supportCaseEvents, supportCases } from "@/lib/db/schema";
import type { FormState } from "@/lib/http/form";
import { workOnCase } from "@/lib/support/case-conversation";
import { replyAsCustomer } from "@/lib/support/customer-replies";
import { createCase, findCase } from "@/lib/support/cases";
import { makeCustomer } from "../support/customers";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 27: the case page's one submit — reply or note, status, priority and assignee together — and its version check. */
withTestDatabase();

const aCase = { subject: "The meter reading looks wrong", category: "not-working" as const, description: "The reading on my last bill is twice the usual one." };

async function latestEventId(caseId: number) {
  const events = await (await db()).select({ id: supportCaseEvents.id }).from(supportCaseEvents).where(eq(supportCaseEvents.caseId, caseId));
  return Math.max(...events.map((event) => event.id));
}

async function caseRow(caseId: number) {
  const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.id, caseId));
  return row;
}

async function mailsTo(address: string) {
  return (await db()).select({ template: outbox.template }).from(outbox).where(eq(outbox.recipient, address)).orderBy(asc(outbox.id));
}

describe(`one submit on the case page, on ${testDatabaseLabel()}`, () => {
  it("a reply, a status, a priority and an assignee are saved together: one mail to the customer, one to the assignee, each audited", async () => {
    const agent = await makeStaffMember();
    const alex = await makeStaffMember();
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const before = (await mailsTo(customer.email)).length;

    const outcome = await workOnCase(
      agent,
      created.id,
      { message: { kind: "reply", text: "Could you send a photo of the meter?" }, status: "waiting for you", priority: "high", assignee: alex.id, seenEventId: await latestEventId(created.id) },
      staffActor(agent),
    );

    expect(outcome).toEqual({ ok: true });
    expect(await caseRow(created.id)).toMatchObject({ status: "waiting for you", priority: "high", assignedTo: alex.id, customerWaitingSince: null, dueAt: null });
    expect((await mailsTo(customer.email)).slice(before).map((mail) => mail.template)).toEqual(["case-reply"]);
    expect((await mailsTo(alex.email)).map((mail) => mail.template)).toEqual(["case-assigned"]);
    const events = await (await db())
      .select({ event: auditLog.event })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, agent.id), inArray(auditLog.event, ["case_replied", "case_priority_changed", "case_assigned"])));
    expect(events.map((entry) => entry.event).sort()).toEqual(["case_assigned", "case_priority_changed", "case_replied"]);
  });

  it("a note with a status change keeps the note internal and mails the customer only the status", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const before = (await mailsTo(customer.email)).length;
    await workOnCase(agent, created.id, { message: { kind: "note", text: "Meter replaced last week." }, status: "closed", priority: "normal", assignee: null, seenEventId: await latestEventId(created.id) }, staffActor(agent));
    const notes = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, created.id), eq(supportCaseEvents.kind, "note")));
    expect(notes).toEqual([expect.objectContaining({ internal: true, text: "Meter replaced last week." })]);
    expect((await mailsTo(customer.email)).slice(before).map((mail) => mail.template)).toEqual(["case-status-changed"]);
    expect((await caseRow(created.id)).status).toBe("closed");
  });

  it("a reply that closes the case is one mail, which says the case is closed", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const before = (await mailsTo(customer.email)).length;
    const outcome = await workOnCase(
      agent,
      created.id,
      { message: { kind: "reply", text: "The corrected bill is on its way." }, status: "closed", priority: "normal", assignee: null, seenEventId: await latestEventId(created.id) },
      staffActor(agent),
    );
    expect(outcome).toEqual({ ok: true });
    expect((await caseRow(created.id)).status).toBe("closed");
    const sent = (await mailsTo(customer.email)).slice(before);
    expect(sent.map((mail) => mail.template)).toEqual(["case-reply"]);
    const [mail] = await (await db()).select({ text: outbox.text }).from(outbox).where(eq(outbox.recipient, customer.email)).orderBy(desc(outbox.id)).limit(1);
    expect(mail.text).toContain("The corrected bill is on its way.");
    expect(mail.text).toContain("We have closed this case and consider it solved.");
  });

  it("a priority change is in the case's history for the team — who, from and to — and never in the customer's", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    await workOnCase(agent, created.id, { priority: "urgent", seenEventId: await latestEventId(created.id) }, staffActor(agent));
    // The same priority again is no change, and no entry.
    await workOnCase(agent, created.id, { priority: "urgent", seenEventId: await latestEventId(created.id) }, staffActor(agent));
    const entries = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, created.id), eq(supportCaseEvents.kind, "priority")));
    expect(entries).toEqual([expect.objectContaining({ authorId: agent.id, byStaff: true, internal: true, fromPriority: "normal", toPriority: "urgent" })]);
    const seen = await findCase(customer.id, String(created.id));
    expect(seen!.history.map((event) => event.kind)).toEqual(["created"]);
  });

  it("warns instead of saving when the customer replied since the page was opened; saving again goes ahead", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const seen = await latestEventId(created.id);
    await replyAsCustomer(customer, created.id, "Actually, it is fine now.");
    const work = { message: { kind: "reply" as const, text: "We will send a technician." }, status: "in progress" as const, priority: "urgent" as const, assignee: agent.id, seenEventId: seen };

    const warned = await workOnCase(agent, created.id, work, staffActor(agent));
    expect(warned).toEqual({ ok: false, reason: "replied_since", latestEventId: await latestEventId(created.id) });
    expect(await caseRow(created.id)).toMatchObject({ priority: "normal", assignedTo: null, status: "open" });

    expect(await workOnCase(agent, created.id, { ...work, overrideConflict: true }, staffActor(agent))).toEqual({ ok: true });
    expect(await caseRow(created.id)).toMatchObject({ priority: "urgent", assignedTo: agent.id, status: "in progress" });
  });

  it("two agents answering from the same page at once: one reply is saved, the other is warned", async () => {
    const [ann, ben] = [await makeStaffMember(), await makeStaffMember()];
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const seen = await latestEventId(created.id);
    const work = (text: string) => ({ message: { kind: "reply" as const, text }, status: "waiting for you" as const, priority: "normal" as const, assignee: null, seenEventId: seen });
    const outcomes = await Promise.all([workOnCase(ann, created.id, work("Answer from Ann."), staffActor(ann)), workOnCase(ben, created.id, work("Answer from Ben."), staffActor(ben))]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.reason === "replied_since")).toHaveLength(1);
    const replies = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, created.id), eq(supportCaseEvents.kind, "reply")));
    expect(replies).toHaveLength(1);
  });

  it("through the form: a warning keeps what was typed and sends the override; bad choices get a message, never a 500", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const seen = String(await latestEventId(created.id));
    await replyAsCustomer(customer, created.id, "One more detail.");
    await actAs(agent);
    const fields = { case: String(created.id), kind: "reply", text: "On our way.", status: "open", priority: "high", agent: "", seen };
    const warned = (await staffWorkAction({ status: "idle" }, form(fields))) as FormState;
    expect(warned).toMatchObject({ status: "error", values: { text: "On our way.", priority: "high", override: "1" } });
    expect(Number(warned.values!.seen)).toBeGreaterThan(Number(seen));

    const again = await answerOf(staffWorkAction({ status: "idle" }, form({ ...fields, seen: warned.values!.seen!, override: "1" })));
    expect(again).toBe(`redirect /staff/cases/${created.id}?done=replied`);

    for (const bad of [{ priority: "critical" }, { status: "deleted" }, { agent: "not-a-uuid" }, { seen: "-1" }]) {
      const answer = (await staffWorkAction({ status: "idle" }, form({ ...fields, ...bad }))) as FormState;
      expect(answer.status).toBe("error");
    }
    const customerAgent = await staffWorkAction({ status: "idle" }, form({ ...fields, agent: customer.id, override: "1" }));
    expect(customerAgent).toMatchObject({ status: "error", fieldErrors: { agent: expect.any(String) } });
  });

  it("through the form: Save applies only the choices the agent changed, so what a colleague or the customer changed since stays", async () => {
    const [ann, ben] = [await makeStaffMember(), await makeStaffMember()];
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    // Ann's page is drawn: open, normal, nobody.
    const page = { case: String(created.id), status: "open", priority: "normal", agent: "", "shown-status": "open", "shown-priority": "normal", "shown-agent": "", seen: String(await latestEventId(created.id)) };
    // Ben takes the case and raises its priority from his own page.
    await actAs(ben);
    expect(await answerOf(staffWorkAction({ status: "idle" }, form({ ...page, kind: "note", text: "", priority: "high", agent: ben.id })))).toBe(`redirect /staff/cases/${created.id}?done=saved`);
    // Ann adds a note and waits for the customer, her selects as her page drew them but for the status.
    await actAs(ann);
    const ann1 = await answerOf(staffWorkAction({ status: "idle" }, form({ ...page, kind: "note", text: "Asked the depot for the part.", status: "waiting for you" })));
    expect(ann1).toBe(`redirect /staff/cases/${created.id}?done=noted`);
    expect(await caseRow(created.id)).toMatchObject({ status: "waiting for you", priority: "high", assignedTo: ben.id });
    // Ben's assignment is the only one in the history: Ann's Save did not unassign him.
    const assignments = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, created.id), eq(supportCaseEvents.kind, "assignment")));
    expect(assignments.map((event) => event.assignedTo)).toEqual([ben.id]);

    // A warning sends back only the changed choices: the form shows the others as the case is now.
    await replyAsCustomer(customer, created.id, "The part number is on the box.");
    const warned = (await staffWorkAction({ status: "idle" }, form({ ...page, kind: "reply", text: "Thanks, ordering it.", priority: "urgent" }))) as FormState;
    expect(warned).toMatchObject({ status: "error", values: { text: "Thanks, ordering it.", priority: "urgent", override: "1" } });
    expect(Object.keys(warned.values!).sort()).toEqual(["kind", "override", "priority", "seen", "text"]);
    expect(await caseRow(created.id)).toMatchObject({ priority: "high", assignedTo: ben.id });

    // A form without the shown- fields (drawn by the release before) applies every choice, as it did.
    await answerOf(staffWorkAction({ status: "idle" }, form({ case: page.case, kind: "note", text: "", status: "in progress", priority: "low", agent: "", seen: warned.values!.seen! })));
    expect(await caseRow(created.id)).toMatchObject({ status: "in progress", priority: "low", assignedTo: null });
  });
});
