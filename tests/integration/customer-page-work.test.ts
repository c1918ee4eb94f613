jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, desc, eq, isNull } from "drizzle-orm";
import * as customerActions from "@/app/staff/customers/[id]/actions";
import { cancelEmailChange, confirmEmailChange, pendingEmailChange } from "@/lib/account/email-change";
import { startSession } from "@/lib/auth/sessions";
import { setCustomerLocale } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { auditLog, outbox, sessions, supportCases } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { backgroundWork } from "@/lib/server/background-work";
import { staffCounts } from "@/lib/support/case-queue";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { captureLogLines } from "../support/log-lines";
import { linksIn, withSmtpReceiver } from "../support/mail";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 27: the support team's everyday work for a customer, from the customer page — opening a
 * case for someone on the phone, resending the confirmation mail, correcting name and phone
 * (agents), and changing the email address (admins) — through the page's own actions.
 */
withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(clearLimits);

type Person = Awaited<ReturnType<typeof makeCustomer>>;
let agent: Person;
let admin: Person;

beforeAll(async () => {
  agent = await makeStaffMember("agent");
  admin = await makeStaffMember("admin");
});

const idle = { status: "idle" as const };

async function auditOf(event: string, customerId: string) {
  return (await db()).select().from(auditLog).where(and(eq(auditLog.event, event as never), eq(auditLog.customerId, customerId))).orderBy(desc(auditLog.id));
}

async function mailsTo(address: string) {
  await backgroundWork().run();
  return receiver.messages.filter((mail) => mail.envelopeTo.includes(address.toLowerCase()));
}

describe(`opening a case for a customer, on ${testDatabaseLabel()}`, () => {
  it("makes the customer's case with the chosen priority, mails them the usual confirmation in their language, audits the agent, and shows in the queue", async () => {
    const customer = await makeCustomer();
    await setCustomerLocale(customer.id, "es");
    const countsBefore = await staffCounts(agent.id);
    await actAs(agent);
    const answer = await answerOf(
      customerActions.openCaseAction(
        idle,
        form({ customer: customer.id, subject: "Sin luz desde el lunes", category: "not-working", description: "Llamó por teléfono: el contador no muestra nada desde el lunes.", priority: "urgent" }),
      ),
    );
    expect(answer).toMatch(/^redirect \/staff\/cases\/\d+\?done=openedForCustomer$/);
    const caseId = Number(/cases\/(\d+)/.exec(answer)![1]);
    const [created] = await (await db()).select().from(supportCases).where(eq(supportCases.id, caseId));
    expect(created).toMatchObject({ customerId: customer.id, priority: "urgent", status: "open", assignedTo: null });
    expect(created.customerWaitingSince).toBeInstanceOf(Date);
    expect(created.dueAt).toBeInstanceOf(Date);

    const [entry] = await auditOf("case_opened_by_staff", customer.id);
    expect(entry).toMatchObject({ actorId: agent.id, details: { caseId, priority: "urgent" } });
    const counts = await staffCounts(agent.id);
    expect(counts.unassigned).toBe(countsBefore.unassigned + 1);
    expect(counts.waiting).toBe(countsBefore.waiting + 1);

    const [mail] = await mailsTo(customer.email);
    expect(mail.subject).toBe(`Hemos recibido su caso ${caseId}`);
    expect(mail.text).toContain(`/support/cases/${caseId}`);
  });

  it("refuses an incomplete form beside its fields and opens nothing", async () => {
    const customer = await makeCustomer();
    await actAs(agent);
    const state = await customerActions.openCaseAction(idle, form({ customer: customer.id, subject: "Hi", category: "nonsense", description: "short", priority: "whenever" }));
    expect(state.status).toBe("error");
    expect(Object.keys(state.fieldErrors ?? {}).sort()).toEqual(["category", "description", "priority", "subject"]);
    expect(await (await db()).select().from(supportCases).where(eq(supportCases.customerId, customer.id))).toEqual([]);
  });
});

describe(`resending the confirmation mail, on ${testDatabaseLabel()}`, () => {
  it("20 presses at once send one mail and record one event; the others are told to wait", async () => {
    const customer = await makeCustomer({ emailConfirmed: false });
    await actAs(agent);
    const answers = await Promise.all(Array.from({ length: 20 }, () => answerOf(customerActions.resendConfirmationAction(form({ customer: customer.id })))));
    expect(answers.filter((answer) => answer.endsWith("?done=confirmationSent"))).toHaveLength(1);
    expect(answers.filter((answer) => answer.endsWith("?refused=too_soon"))).toHaveLength(19);
    expect(await auditOf("confirmation_sent_by_staff", customer.id)).toHaveLength(1);
    expect((await auditOf("confirmation_sent_by_staff", customer.id))[0].actorId).toBe(agent.id);
    const mails = await mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect(linksIn(mails[0], "/confirm-email/")).toHaveLength(1);
    const queued = await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email));
    expect(queued).toHaveLength(1);
  });

  it("is refused for an address that is already confirmed, and sends nothing", async () => {
    const customer = await makeCustomer({ emailConfirmed: true });
    await actAs(agent);
    expect(await answerOf(customerActions.resendConfirmationAction(form({ customer: customer.id })))).toBe(`redirect /staff/customers/${customer.id}?refused=not_needed`);
    expect(await auditOf("confirmation_sent_by_staff", customer.id)).toEqual([]);
  });
});

describe(`correcting name and phone, on ${testDatabaseLabel()}`, () => {
  it("reads the phone number as /account does, stores E.164, and audits which fields changed without their values (in the log too)", async () => {
    const customer = await makeCustomer({ name: "Jon Smyth" });
    await actAs(agent);
    const log = captureLogLines();
    let answer: string;
    try {
      answer = await answerOf(customerActions.correctDetailsAction(idle, form({ customer: customer.id, name: "  John   Smith ", phone: "+44 20 7946 0958" })));
    } finally {
      log.restore();
    }
    expect(answer).toBe(`redirect /staff/customers/${customer.id}?done=detailsCorrected`);
    expect(await reloadCustomer(customer.id)).toMatchObject({ name: "John Smith", phone: "+442079460958" });
    const [entry] = await auditOf("profile_corrected_by_staff", customer.id);
    expect(entry).toMatchObject({ actorId: agent.id, details: { name: true, phone: true } });
    for (const value of ["Jon Smyth", "John Smith", "7946"]) {
      expect(JSON.stringify(entry)).not.toContain(value);
      expect(log.raw.join("\n")).not.toContain(value);
    }
  });

  it("refuses a number that is not one beside its field, and keeps what was there", async () => {
    const customer = await makeCustomer({ name: "Ada Lovelace" });
    await actAs(agent);
    const state = await customerActions.correctDetailsAction(idle, form({ customer: customer.id, name: "Ada King", phone: "12" }));
    expect(state).toMatchObject({ status: "error", values: { name: "Ada King", phone: "12" } });
    expect(state.fieldErrors?.phone).toBeTruthy();
    expect(await reloadCustomer(customer.id)).toMatchObject({ name: "Ada Lovelace", phone: null });
    expect(await auditOf("profile_corrected_by_staff", customer.id)).toEqual([]);
  });
});

describe(`changing a customer's email address, on ${testDatabaseLabel()}`, () => {
  it("mails a link to the new address and tells the old one with \"This wasn't me\"; following the link changes it and ends every session", async () => {
    const customer = await makeCustomer();
    await startSession(customer, false, freshMeta());
    await startSession(customer, true, freshMeta());
    await actAs(admin);
    expect(await answerOf(customerActions.changeEmailAction(idle, form({ customer: customer.id, email: "Moved.To@Example.test" })))).toBe(
      `redirect /staff/customers/${customer.id}?done=emailChangeStarted`,
    );
    expect((await reloadCustomer(customer.id)).email).toBe(customer.email);
    expect(await pendingEmailChange(customer.id)).toMatchObject({ newEmail: "moved.to@example.test" });
    const [entry] = await auditOf("email_change_requested", customer.id);
    expect(entry).toMatchObject({ actorId: admin.id, details: { byStaff: true } });

    const [toOld] = await mailsTo(customer.email);
    const [toNew] = await mailsTo("moved.to@example.test");
    expect(linksIn(toOld, "/email-change/not-me/")).toHaveLength(1);
    const confirm = linksIn(toNew, "/email-change/confirm/")[0].split("/").pop();
    expect(await confirmEmailChange(confirm, freshMeta(), "en")).toEqual({ ok: true, newEmail: "moved.to@example.test" });
    expect((await reloadCustomer(customer.id)).email).toBe("moved.to@example.test");
    const live = await (await db()).select().from(sessions).where(and(eq(sessions.customerId, customer.id), isNull(sessions.endedAt)));
    expect(live).toEqual([]);
  });

  it("\"This wasn't me\" from the old address cancels a change an admin started", async () => {
    const customer = await makeCustomer();
    await actAs(admin);
    await answerOf(customerActions.changeEmailAction(idle, form({ customer: customer.id, email: "somebody-else@example.test" })));
    const [toOld] = await mailsTo(customer.email);
    const notMe = linksIn(toOld, "/email-change/not-me/")[0].split("/").pop();
    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true, restored: false });
    expect(await pendingEmailChange(customer.id)).toBeNull();
    expect((await reloadCustomer(customer.id)).email).toBe(customer.email);
  });

  it("refuses an address another account has without naming it, and mails nobody", async () => {
    const customer = await makeCustomer();
    const other = await makeCustomer();
    await actAs(admin);
    const outboxBefore = (await (await db()).select().from(outbox)).length;
    const state = await customerActions.changeEmailAction(idle, form({ customer: customer.id, email: other.email.toUpperCase() }));
    expect(state.status).toBe("error");
    expect(state.fieldErrors?.email).toBe("Another account has that address. Each address belongs to one account.");
    expect(JSON.stringify(state)).not.toContain(other.username);
    expect((await (await db()).select().from(outbox)).length).toBe(outboxBefore);
    expect(await pendingEmailChange(customer.id)).toBeNull();
  });

  it("is for admins only: an agent gets 404, and an admin's address is changed from the command line", async () => {
    const customer = await makeCustomer();
    await actAs(agent);
    expect(await answerOf(customerActions.changeEmailAction(idle, form({ customer: customer.id, email: "agent-tries@example.test" })))).toBe("not found");
    await actAs(admin);
    const otherAdmin = await makeStaffMember("admin");
    const state = await customerActions.changeEmailAction(idle, form({ customer: otherAdmin.id, email: "admin-moved@example.test" }));
    expect(state.status).toBe("error");
    expect(await pendingEmailChange(otherAdmin.id)).toBeNull();
    expect(await pendingEmailChange(customer.id)).toBeNull();
  });
});
