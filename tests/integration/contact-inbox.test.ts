import { desc, eq } from "drizzle-orm";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { customerOfSession, startSession } from "@/lib/auth/sessions";
import { unlockCustomer } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { auditLog, contactMessages, customers, jobs } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { StaffOnly } from "@/lib/staff/access";
import { grantRole, sendResetLinkByStaff, setDisabledByStaff, unlockByStaff } from "@/lib/staff/customer-care";
import { findCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { contactInbox, contactMessageForStaff, makeCaseFromContactMessage, markContactMessage, replyToContactMessage } from "@/lib/support/contact-inbox";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 15: the Contact us inbox, and the Customers screen's powers, below the screens. */
withTestDatabase();
const receiver = withSmtpReceiver();

async function newMessage(input: { name: string; email: string; message: string }, customerId: string | null = null, locale: string | null = null) {
  expect(await sendContactMessage(input, freshMeta(), customerId, locale)).toBe(true);
  const [row] = await (await db()).select().from(contactMessages).orderBy(desc(contactMessages.id)).limit(1);
  return row;
}

describe(`the Contact us inbox, on ${testDatabaseLabel()}`, () => {
  it("the copy to the support mailbox answers to the sender, links to the message in /staff and speaks to staff (issue 28)", async () => {
    const before = receiver.messages.length;
    const sent = await newMessage({ name: "Carla", email: "carla@example.test", message: "Can I pay by transfer?" });
    await backgroundWork().run();
    const copy = await receiver.waitFor((m) => receiver.messages.indexOf(m) >= before && m.text!.includes("Can I pay by transfer?"));
    expect(copy.replyTo?.value.map((address) => address.address)).toEqual(["carla@example.test"]);
    expect(copy.text).toContain(`/staff/contact/${sent.id}`);
    expect(copy.text).toContain("Sent to the support team");
    expect(copy.text).not.toContain("Questions? Call");
  });

  it("lists new messages oldest first, answers one by mail in the language it was written in, and keeps the answer", async () => {
    const agent = await makeStaffMember("agent");
    const first = await newMessage({ name: "Ana Ruiz", email: "ana@example.test", message: "¿Abren los sábados por la mañana?" }, null, "es");
    const second = await newMessage({ name: "Ben", email: "ben@example.test", message: "Do you read these messages?" });
    const inbox = (await contactInbox("new", "", 1)).messages.map((message) => message.id);
    expect(inbox.indexOf(first.id)).toBeLessThan(inbox.indexOf(second.id));
    await backgroundWork().run();
    const before = receiver.messages.length;

    expect(await replyToContactMessage(agent, first.id, "Sí, de 9:00 a 13:00.", staffActor(agent))).toEqual({ ok: true });

    await backgroundWork().run();
    const mail = await receiver.waitFor((m) => m.envelopeTo.includes("ana@example.test") && receiver.messages.indexOf(m) >= before);
    expect(mail.subject).toBe(`Nuestra respuesta a su mensaje ${first.id}`);
    expect(mail.text).toContain("Sí, de 9:00 a 13:00.");
    expect(mail.text).toContain("¿Abren los sábados por la mañana?");
    const shown = await contactMessageForStaff(String(first.id));
    expect(shown!.replies.map((reply) => [reply.text, reply.author?.id])).toEqual([["Sí, de 9:00 a 13:00.", agent.id]]);
    expect(shown!.message.handledBy).toBe(agent.id);
    expect((await contactInbox("new", "", 1)).messages.map((message) => message.id)).not.toContain(first.id);
    expect((await contactInbox("handled", "ana@", 1)).messages.map((message) => message.id)).toEqual([first.id]);
  });

  it("marks a message handled and not handled again, auditing each change once", async () => {
    const agent = await makeStaffMember("agent");
    const message = await newMessage({ name: "Cleo", email: "cleo@example.test", message: "Just saying thanks." });
    await markContactMessage(agent, message.id, true, staffActor(agent));
    await markContactMessage(agent, message.id, true, staffActor(agent));
    await markContactMessage(agent, message.id, false, staffActor(agent));
    const events = await (await db()).select({ event: auditLog.event }).from(auditLog).where(eq(auditLog.actorId, agent.id));
    expect(events.map((entry) => entry.event)).toEqual(["contact_message_handled", "contact_message_reopened"]);
    expect(await markContactMessage(agent, 999_999_999, true, staffActor(agent))).toEqual({ ok: false, reason: "not_found" });
  });

  it("turns a message into a case on the sender's account, once, and says when the address was not verified", async () => {
    const agent = await makeStaffMember("agent");
    const customer = await makeCustomer();
    const visitorMessage = await newMessage({ name: "Someone", email: customer.email.toUpperCase(), message: "My meter display is blank since yesterday." });
    const shown = await contactMessageForStaff(String(visitorMessage.id));
    expect(shown!.account).toMatchObject({ verified: false, customer: { id: customer.id } });

    const outcome = await makeCaseFromContactMessage(agent, visitorMessage.id, { subject: "Blank meter display", category: "not-working" }, staffActor(agent));
    expect(outcome).toMatchObject({ ok: true, caseId: expect.any(Number) });
    const caseId = (outcome as { caseId: number }).caseId;
    expect(await findCase(customer.id, String(caseId))).toMatchObject({ subject: "Blank meter display", description: "My meter display is blank since yesterday." });
    expect(await makeCaseFromContactMessage(agent, visitorMessage.id, { subject: "Again", category: "other" }, staffActor(agent))).toEqual({ ok: false, reason: "already_case" });
    const [entry] = await (await db()).select().from(auditLog).where(eq(auditLog.event, "contact_message_made_case"));
    expect(entry).toMatchObject({ actorId: agent.id, customerId: customer.id, details: { contactMessageId: visitorMessage.id, caseId, addressVerified: false } });

    const signedInMessage = await newMessage({ name: "Known", email: "typed-anything@example.test", message: "Written while signed in." }, customer.id);
    expect((await contactMessageForStaff(String(signedInMessage.id)))!.account).toMatchObject({ verified: true, customer: { id: customer.id } });

    const stranger = await newMessage({ name: "Stranger", email: "nobody-has-this@example.test", message: "I have no account here." });
    expect(await makeCaseFromContactMessage(agent, stranger.id, { subject: "No account", category: "other" }, staffActor(agent))).toEqual({ ok: false, reason: "no_account" });
  });
});

describe(`the Customers screen's powers, on ${testDatabaseLabel()}`, () => {
  it("only an admin grants roles, never to or from an admin, and each change is audited with who made it", async () => {
    const admin = await makeStaffMember("admin");
    const agent = await makeStaffMember("agent");
    const otherAdmin = await makeStaffMember("admin");
    const customer = await makeCustomer();

    await expect(grantRole(agent, customer.id, "agent", staffActor(agent))).rejects.toThrow(StaffOnly);
    expect(await grantRole(admin, customer.id, "agent", staffActor(admin))).toEqual({ ok: true });
    expect((await reloadCustomer(customer.id)).role).toBe("agent");
    expect(await grantRole(admin, otherAdmin.id, "customer", staffActor(admin))).toEqual({ ok: false, reason: "protected" });
    expect((await reloadCustomer(otherAdmin.id)).role).toBe("admin");
    const [entry] = await (await db()).select().from(auditLog).where(eq(auditLog.event, "role_changed")).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({ customerId: customer.id, actorId: admin.id, details: { from: "customer", to: "agent" } });
  });

  it("disables (ending every session) and enables, but never an admin or oneself", async () => {
    const admin = await makeStaffMember("admin");
    const otherAdmin = await makeStaffMember("admin");
    const customer = await makeCustomer();
    const claims = await startSession(customer, false, null);

    await expect(setDisabledByStaff(await makeStaffMember("agent"), customer.id, true, staffActor(admin))).rejects.toThrow(StaffOnly);
    expect(await setDisabledByStaff(admin, customer.id, true, staffActor(admin))).toEqual({ ok: true });
    expect(await customerOfSession(claims)).toBeUndefined();
    const [disabled] = await (await db()).select().from(auditLog).where(eq(auditLog.event, "customer_disabled")).orderBy(desc(auditLog.id)).limit(1);
    expect(disabled).toMatchObject({ customerId: customer.id, actorId: admin.id });
    expect(await setDisabledByStaff(admin, customer.id, false, staffActor(admin))).toEqual({ ok: true });
    expect((await reloadCustomer(customer.id)).disabled).toBe(false);

    expect(await setDisabledByStaff(admin, otherAdmin.id, true, staffActor(admin))).toEqual({ ok: false, reason: "protected" });
    expect(await setDisabledByStaff(admin, admin.id, true, staffActor(admin))).toEqual({ ok: false, reason: "protected" });
    expect(await setDisabledByStaff(admin, "not-a-uuid", true, staffActor(admin))).toEqual({ ok: false, reason: "not_found" });
  });

  it("unlocks, and sends a reset link to the address on the account", async () => {
    const admin = await makeStaffMember("admin");
    const customer = await makeCustomer();
    await (await db()).update(customers).set({ failedSignIns: 7, lockedUntil: new Date(Date.now() + 3_600_000) }).where(eq(customers.id, customer.id));
    expect(await unlockByStaff(admin, customer.id, staffActor(admin))).toEqual({ ok: true });
    expect(await reloadCustomer(customer.id)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    const [unlocked] = await (await db()).select().from(auditLog).where(eq(auditLog.event, "customer_unlocked")).orderBy(desc(auditLog.id)).limit(1);
    expect(unlocked.actorId).toBe(admin.id);

    await backgroundWork().run();
    const before = receiver.messages.length;
    expect(await sendResetLinkByStaff(admin, customer.id, staffActor(admin))).toEqual({ ok: true });
    expect(await (await db()).select().from(jobs)).not.toHaveLength(0);
    await backgroundWork().run();
    const mail = await receiver.waitFor((m) => m.envelopeTo.includes(customer.email) && receiver.messages.indexOf(m) >= before);
    expect(mail.text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);
    const [sent] = await (await db()).select().from(auditLog).where(eq(auditLog.event, "password_reset_sent_by_staff"));
    expect(sent).toMatchObject({ customerId: customer.id, actorId: admin.id });
  });

  it("sends no reset link to a disabled account", async () => {
    const admin = await makeStaffMember("admin");
    const customer = await makeCustomer();
    await setAccountDisabled(customer.id, true);
    await unlockCustomer(customer.id);
    await backgroundWork().run();
    const before = receiver.messages.length;
    await sendResetLinkByStaff(admin, customer.id, staffActor(admin));
    await backgroundWork().run();
    expect(receiver.messages.slice(before).filter((m) => m.envelopeTo.includes(customer.email))).toHaveLength(0);
  });
});
