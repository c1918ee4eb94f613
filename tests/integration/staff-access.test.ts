jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { count, desc, eq, isNotNull } from "drizzle-orm";
import * as cannedActions from "@/app/staff/canned-replies/actions";
import * as caseActions from "@/app/staff/cases/[id]/actions";
import * as contactActions from "@/app/staff/contact/[id]/actions";
import * as customerActions from "@/app/staff/customers/[id]/actions";
import { setCustomerRole } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { auditLog, cannedReplies, contactMessages, contactReplies, customers, emailChanges, emailConfirmations, jobs, outbox, sessions, supportCaseEvents, supportCases } from "@/lib/db/schema";
import { requireStaff, requireStaffPage } from "@/lib/staff/access";
import { createCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { actAs, answerOf, form, type ActionAnswer } from "../support/server-actions";
import { makeStaffMember } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 15, S34: every staff action checks the role itself, on the server, from the database, on
 * every request. A signed-out visitor and a customer get "not found" and nothing changes; an agent
 * cannot do what only admins may; a role removed counts from the next request.
 */
withTestDatabase();

type Person = Awaited<ReturnType<typeof makeCustomer>>;
let owner: Person;
let agent: Person;
let admin: Person;
let outsider: Person;
let target: Person;
let unconfirmed: Person;
let caseId: number;
let messageId: number;
let cannedReplyId: number;

beforeAll(async () => {
  owner = await makeCustomer();
  outsider = await makeCustomer();
  target = await makeCustomer();
  unconfirmed = await makeCustomer({ emailConfirmed: false });
  agent = await makeStaffMember("agent");
  admin = await makeStaffMember("admin");
  caseId = (await createCase(owner, { subject: "Meter reading looks wrong", category: "question", description: "The reading on my last bill is twice the usual one." }, "en")).id;
  await sendContactMessage({ name: "Owner", email: owner.email, message: "Please call me about my bill." }, freshMeta(), null);
  [{ id: messageId }] = await (await db()).select({ id: contactMessages.id }).from(contactMessages).orderBy(desc(contactMessages.id)).limit(1);
  [{ id: cannedReplyId }] = await (await db()).insert(cannedReplies).values({ locale: "en", title: "Meter readings", body: "Dear {name}, about case {case}…" }).returning({ id: cannedReplies.id });
});

type StaffAction = { module: string; name: string; role: "agent" | "admin"; call: () => Promise<unknown>; event: string };

/** Every exported action of every staff screen, with a form that does something when the right person sends it. */
function staffActions(): StaffAction[] {
  const idle = { status: "idle" as const };
  const caseForm = (fields: Record<string, string>) => form({ case: String(caseId), ...fields });
  const messageForm = (fields: Record<string, string>) => form({ message: String(messageId), ...fields });
  const customerForm = (fields: Record<string, string> = {}) => form({ customer: target.id, ...fields });
  return [
    {
      module: "cases",
      name: "staffWorkAction",
      role: "agent",
      event: "case_replied",
      call: () => caseActions.staffWorkAction(idle, caseForm({ kind: "reply", text: "We are looking into it.", status: "waiting for you", priority: "high", agent: agent.id, seen: "0", override: "1" })),
    },
    { module: "contact", name: "contactHandledAction", role: "agent", event: "contact_message_handled", call: () => contactActions.contactHandledAction(messageForm({ handled: "1" })) },
    { module: "contact", name: "contactReplyAction", role: "agent", event: "contact_message_replied", call: () => contactActions.contactReplyAction(idle, messageForm({ text: "We will call you today." })) },
    { module: "contact", name: "makeCaseAction", role: "agent", event: "contact_message_made_case", call: () => contactActions.makeCaseAction(idle, messageForm({ subject: "Call back about the bill", category: "question" })) },
    { module: "customers", name: "unlockCustomerAction", role: "admin", event: "customer_unlocked", call: () => customerActions.unlockCustomerAction(customerForm()) },
    { module: "customers", name: "disableCustomerAction", role: "admin", event: "customer_disabled", call: () => customerActions.disableCustomerAction(customerForm({ disable: "1" })) },
    { module: "customers", name: "sendResetLinkAction", role: "admin", event: "password_reset_sent_by_staff", call: () => customerActions.sendResetLinkAction(customerForm()) },
    { module: "customers", name: "resetTwoStepAction", role: "admin", event: "two_step_reset", call: () => customerActions.resetTwoStepAction(customerForm()) },
    { module: "customers", name: "setRoleAction", role: "admin", event: "role_changed", call: () => customerActions.setRoleAction(customerForm({ role: "agent" })) },
    // Issue 27: the everyday work for a customer (agents), and an email address change (admins).
    {
      module: "customers",
      name: "openCaseAction",
      role: "agent",
      event: "case_opened_by_staff",
      call: () => customerActions.openCaseAction(idle, customerForm({ subject: "Meter fault, by phone", category: "not-working", description: "The customer called: the meter display is blank since Monday.", priority: "high" })),
    },
    {
      module: "customers",
      name: "resendConfirmationAction",
      role: "agent",
      event: "confirmation_sent_by_staff",
      call: () => customerActions.resendConfirmationAction(form({ customer: unconfirmed.id })),
    },
    { module: "customers", name: "correctDetailsAction", role: "agent", event: "profile_corrected_by_staff", call: () => customerActions.correctDetailsAction(idle, customerForm({ name: "Corrected Name", phone: "+44 20 7946 0958" })) },
    {
      module: "cannedReplies",
      name: "saveCannedReplyAction",
      role: "admin",
      event: "canned_reply_saved",
      call: () => cannedActions.saveCannedReplyAction(idle, form({ reply: "", locale: "es", title: "Lectura del contador", body: "Hola {name}, sobre su caso {case}…" })),
    },
    { module: "cannedReplies", name: "deleteCannedReplyAction", role: "admin", event: "canned_reply_deleted", call: () => cannedActions.deleteCannedReplyAction(form({ reply: String(cannedReplyId) })) },
    { module: "customers", name: "changeEmailAction", role: "admin", event: "email_change_requested", call: () => customerActions.changeEmailAction(idle, customerForm({ email: "corrected-address@example.test" })) },
  ];
}

/** Everything a staff action could change, as one value to compare before and after. */
async function fingerprint() {
  const database = await db();
  const counts = await Promise.all(
    [auditLog, supportCases, supportCaseEvents, contactReplies, outbox, jobs, emailChanges, emailConfirmations, cannedReplies].map(async (table) => (await database.select({ n: count() }).from(table))[0].n),
  );
  const [ended] = await database.select({ n: count() }).from(sessions).where(isNotNull(sessions.endedAt));
  const people = await database
    .select({ id: customers.id, role: customers.role, disabled: customers.disabled, sessionVersion: customers.sessionVersion, name: customers.name, phone: customers.phone, email: customers.email })
    .from(customers)
    .orderBy(customers.id);
  const theCase = await database.select({ status: supportCases.status, assignedTo: supportCases.assignedTo }).from(supportCases).where(eq(supportCases.id, caseId));
  const message = await database.select({ handledAt: contactMessages.handledAt, caseId: contactMessages.caseId }).from(contactMessages).where(eq(contactMessages.id, messageId));
  return JSON.stringify({ counts, ended, people, theCase, message });
}

describe(`staff actions refuse everyone without the role, on ${testDatabaseLabel()}`, () => {
  it("covers every action the staff screens export", () => {
    const exported = [
      ...Object.keys(caseActions).map((name) => `cases.${name}`),
      ...Object.keys(contactActions).map((name) => `contact.${name}`),
      ...Object.keys(customerActions).map((name) => `customers.${name}`),
      ...Object.keys(cannedActions).map((name) => `cannedReplies.${name}`),
    ].filter((name) => name.endsWith("Action"));
    expect(staffActions().map((action) => `${action.module}.${action.name}`).sort()).toEqual(exported.sort());
  });

  it.each(staffActions().map((action) => [action.name, action] as const))("%s: a signed-out visitor gets 404 (or Sign in, for a case's work) and nothing changes", async (name, action) => {
    await actAs(null);
    const before = await fingerprint();
    // Issue 26 on the staff side: the case's work form sends a visitor without a session to Sign
    // in (keeping the words only for an agent whose session ended), as the proxy already does.
    const refused = name === "staffWorkAction" ? `redirect /signin?callbackUrl=%2Fstaff%2Fcases%2F${caseId}` : "not found";
    expect(await answerOf(action.call())).toBe(refused);
    expect(await fingerprint()).toBe(before);
  });

  it.each(staffActions().map((action) => [action.name, action] as const))("%s: a customer gets 404 and nothing changes", async (_name, action) => {
    // The case's own customer, and one with nothing to do with it.
    for (const customer of [owner, outsider]) {
      await actAs(customer);
      const before = await fingerprint();
      expect(await answerOf(action.call())).toBe("not found");
      expect(await fingerprint()).toBe(before);
    }
  });

  it.each(staffActions().filter((action) => action.role === "admin").map((action) => [action.name, action] as const))(
    "%s: an agent gets 404 and nothing changes (admins only)",
    async (_name, action) => {
      await actAs(agent);
      const before = await fingerprint();
      expect(await answerOf(action.call())).toBe("not found");
      expect(await fingerprint()).toBe(before);
    },
  );

  it.each(staffActions().map((action) => [action.name, action] as const))("%s: the right role gets it done, and the audit log says who did what", async (_name, action) => {
    const actor = action.role === "admin" ? admin : agent;
    await actAs(actor);
    const answer: ActionAnswer = await answerOf(action.call());
    expect(answer).toMatch(/^redirect \/staff\/((cases|contact|customers)\/[^?]+|canned-replies)\?done=/);
    const [entry] = await (await db()).select().from(auditLog).where(eq(auditLog.event, action.event)).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({ actorId: actor.id });
    expect(entry.at).toBeInstanceOf(Date);
  });
});

/** An internal note from the case page, leaving everything else as the case has it. */
async function noteForm(text: string) {
  const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.id, caseId));
  return form({ case: String(caseId), kind: "note", text, status: row.status, priority: row.priority, agent: row.assignedTo ?? "", seen: "0", override: "1" });
}

describe(`a role is read from the database on every request, on ${testDatabaseLabel()}`, () => {
  it("a role removed takes effect on the next request of the same session", async () => {
    const helper = await makeStaffMember("agent");
    await actAs(helper);
    await expect(requireStaff("agent")).resolves.toMatchObject({ id: helper.id });
    expect(await answerOf(caseActions.staffWorkAction({ status: "idle" }, await noteForm("Still allowed.")))).toMatch(/^redirect/);

    await setCustomerRole(helper.id, "customer");
    expect(await answerOf(requireStaff("agent"))).toBe("not found");
    expect(await answerOf(requireStaffPage("agent", "/staff/cases"))).toBe("not found");
    expect(await answerOf(caseActions.staffWorkAction({ status: "idle" }, await noteForm("No longer allowed.")))).toBe("not found");
    expect((await reloadCustomer(helper.id)).role).toBe("customer");
  });

  it("an admin demoted to agent loses the admin screens at once but keeps the agent's", async () => {
    const former = await makeStaffMember("admin");
    await actAs(former);
    await expect(requireStaff("admin")).resolves.toBeTruthy();
    await setCustomerRole(former.id, "agent");
    expect(await answerOf(requireStaff("admin"))).toBe("not found");
    await expect(requireStaff("agent")).resolves.toBeTruthy();
  });

  it("sends a signed-out visitor of a staff page to Sign in, and answers a customer with 404", async () => {
    await actAs(null);
    expect(await answerOf(requireStaffPage("agent", "/staff/cases/7"))).toBe(`redirect /signin?callbackUrl=${encodeURIComponent("/staff/cases/7")}`);
    await actAs(owner);
    expect(await answerOf(requireStaffPage("agent", "/staff/cases/7"))).toBe("not found");
  });
});
