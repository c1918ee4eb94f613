jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, eq } from "drizzle-orm";
import { saveStaffMailAction } from "@/app/account/actions";
import { config } from "@/lib/config";
import { setCustomerDisabledFlag, setCustomerLocale, setStaffMailChoices } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { outbox, type Role } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import type { StaffMember } from "@/lib/staff/access";
import { assignCase } from "@/lib/support/case-conversation";
import { replyAsCustomer } from "@/lib/support/customer-replies";
import { createCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 27: the support team hears of new work by mail, each person in their language, with a link to the staff page. */
withTestDatabase();
const receiver = withSmtpReceiver();

type Choices = Partial<{ notifyNewWork: boolean; notifyAssignments: boolean; notifyCustomerReplies: boolean }>;

async function staffMember(role: Exclude<Role, "customer">, choices: Choices = {}, locale?: string): Promise<StaffMember> {
  const person = await makeStaffMember(role, { name: `Agent ${Math.random().toString(36).slice(2, 6)}` });
  await setStaffMailChoices(person.id, { notifyNewWork: false, notifyAssignments: true, notifyCustomerReplies: true, ...choices });
  if (locale) await setCustomerLocale(person.id, locale);
  return (await reloadCustomer(person.id)) as StaffMember;
}

const aCase = { subject: "The meter reading looks wrong", category: "not-working" as const, description: "The reading on my last bill is twice the usual one." };

/** The mail to `address` whose subject contains `subject`, once delivered through the real SMTP receiver. */
async function delivered(address: string, subject: string) {
  await backgroundWork().run();
  return receiver.waitFor((mail) => mail.envelopeTo.includes(address) && (mail.subject ?? "").includes(subject));
}

/** What the outbox holds for an address (delivered or not): the proof that nothing was queued for someone. */
async function queuedFor(address: string, template: string) {
  return (await db()).select({ subject: outbox.subject }).from(outbox).where(and(eq(outbox.recipient, address), eq(outbox.template, template)));
}

describe(`support team notifications, on ${testDatabaseLabel()}`, () => {
  it("a customer's new case reaches the support mailbox and each agent who asked for it, in their language, linking to the staff page", async () => {
    const wantsIt = await staffMember("agent", { notifyNewWork: true }, "es");
    const admin = await staffMember("admin", { notifyNewWork: true });
    const doesNot = await staffMember("agent", { notifyNewWork: false });
    const disabled = await staffMember("agent", { notifyNewWork: true });
    await setCustomerDisabledFlag(await db(), disabled.id, true);
    const customer = await makeCustomer({ name: "Dana Fox" });

    const created = await createCase(customer, aCase, "en");

    const staffLink = `https://portal.example.test/staff/cases/${created.id}`;
    const mailbox = await delivered(config().branding.supportEmail, `New case ${created.id}`);
    expect(mailbox.subject).toBe(`New case ${created.id} from Dana Fox`);
    expect(mailbox.text).toContain("twice the usual one");
    expect(mailbox.text).toContain(staffLink);
    const spanish = await delivered(wantsIt.email, `Nuevo caso ${created.id}`);
    expect(spanish.subject).toBe(`Nuevo caso ${created.id} de Dana Fox`);
    expect(spanish.text).toContain(staffLink);
    expect((await delivered(admin.email, `New case ${created.id}`)).text).toContain(staffLink);
    expect(await queuedFor(doesNot.email, "case-new-for-staff")).toEqual([]);
    expect(await queuedFor(disabled.email, "case-new-for-staff")).toEqual([]);
    // The customer still gets only their own confirmation.
    expect(await queuedFor(customer.email, "case-new-for-staff")).toEqual([]);
  });

  it("a Contact us message reaches the support mailbox and each agent who asked for it, linking to the inbox", async () => {
    const wantsIt = await staffMember("agent", { notifyNewWork: true }, "es");
    const doesNot = await staffMember("agent");
    expect(await sendContactMessage({ name: "Jo Visitor", email: "jo@example.test", message: "When are you open over the holidays?" }, freshMeta(), null, "en")).toBe(true);

    const forwarded = await delivered(config().branding.supportEmail, "from Jo Visitor");
    const link = forwarded.text!.match(/https:\/\/portal\.example\.test\/staff\/contact\/\d+/)?.[0];
    expect(link).toBeDefined();
    const copy = await delivered(wantsIt.email, "Mensaje de contacto");
    expect(copy.text).toContain(link);
    expect(copy.text).toContain("When are you open over the holidays?");
    expect(await queuedFor(doesNot.email, "contact-message")).toEqual([]);
  });

  it("an assignment mails the assignee in their language, but not someone who took the case themselves or turned it off", async () => {
    const lead = await staffMember("agent", {}, "en");
    const alex = await staffMember("agent", {}, "es");
    const quiet = await staffMember("agent", { notifyAssignments: false });
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");

    expect(await assignCase(lead, created.id, alex.id, staffActor(lead))).toEqual({ ok: true });
    const mail = await delivered(alex.email, `caso ${created.id}`);
    expect(mail.subject).toBe(`Se le ha asignado el caso ${created.id}`);
    expect(mail.text).toContain(lead.name);
    expect(mail.text).toContain(`https://portal.example.test/staff/cases/${created.id}`);

    await assignCase(lead, created.id, lead.id, staffActor(lead));
    expect(await queuedFor(lead.email, "case-assigned")).toEqual([]);
    await assignCase(lead, created.id, quiet.id, staffActor(lead));
    expect(await queuedFor(quiet.email, "case-assigned")).toEqual([]);
  });

  it("two agents assigning the same case to the same person at once send one mail", async () => {
    const [first, second, alex] = [await staffMember("agent"), await staffMember("agent"), await staffMember("agent")];
    const created = await createCase(await makeCustomer(), aCase, "en");
    const outcomes = await Promise.all([assignCase(first, created.id, alex.id, staffActor(first)), assignCase(second, created.id, alex.id, staffActor(second))]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }]);
    expect(await queuedFor(alex.email, "case-assigned")).toHaveLength(1);
  });

  it("a customer's reply goes to the agent holding the case, else — nobody holds it, or they turned it off — to the support mailbox", async () => {
    const holder = await staffMember("agent", {}, "es");
    const quiet = await staffMember("agent", { notifyCustomerReplies: false });
    const customer = await makeCustomer({ name: "Rae Quinn" });
    const held = await createCase(customer, aCase, "en");
    await assignCase(holder, held.id, holder.id, staffActor(holder));
    await replyAsCustomer(customer, held.id, "Here is the photo of the meter.");
    const toHolder = await delivered(holder.email, `Caso ${held.id}`);
    expect(toHolder.subject).toBe(`Caso ${held.id}: Rae Quinn ha respondido`);
    expect(toHolder.text).toContain(`https://portal.example.test/staff/cases/${held.id}`);

    const unheld = await createCase(customer, aCase, "en");
    await replyAsCustomer(customer, unheld.id, "Any news?");
    expect((await delivered(config().branding.supportEmail, `Case ${unheld.id}: Rae Quinn has replied`)).text).toContain(`/staff/cases/${unheld.id}`);

    const quietCase = await createCase(customer, aCase, "en");
    await assignCase(quiet, quietCase.id, quiet.id, staffActor(quiet));
    await replyAsCustomer(customer, quietCase.id, "Still there?");
    expect(await queuedFor(quiet.email, "case-customer-reply")).toEqual([]);
    expect((await delivered(config().branding.supportEmail, `Case ${quietCase.id}: Rae Quinn has replied`)).text).toContain("Still there?");
  });
});

describe(`choosing the support team's mail on the Account page, on ${testDatabaseLabel()}`, () => {
  it("a staff member turns each mail on or off; a customer is sent to the staff screens' 404, a visitor to Sign in, and nothing changes", async () => {
    const agent = await staffMember("agent");
    await actAs(agent);
    expect(await answerOf(saveStaffMailAction(form({ notifyNewWork: "on", notifyCustomerReplies: "on" })))).toBe("redirect /account?staff-mail=saved#staff-mail-heading");
    expect(await reloadCustomer(agent.id)).toMatchObject({ notifyNewWork: true, notifyAssignments: false, notifyCustomerReplies: true });

    const customer = await makeCustomer();
    for (const who of [customer, null]) {
      await actAs(who);
      const answer = await answerOf(saveStaffMailAction(form({ notifyNewWork: "on" })));
      // The staff screens answer a customer "Page not found" with 404, also without JavaScript.
      expect(who ? answer : answer.startsWith("redirect /signin")).toBe(who ? "redirect /staff" : true);
    }
    expect((await reloadCustomer(customer.id)).notifyNewWork).toBe(false);
  });

  it("a staff session that has not passed two-step verification is sent to take it, several posts at once, and nothing changes (issue 17)", async () => {
    const agent = await staffMember("agent");
    await actAs(agent, { twoStep: false });
    const answers = await Promise.all(Array.from({ length: 4 }, () => answerOf(saveStaffMailAction(form({ notifyNewWork: "on", notifyAssignments: "on" })))));
    expect(answers).toEqual(Array(4).fill(`redirect /signin/two-step/staff?callbackUrl=${encodeURIComponent("/account")}`));
    expect(await reloadCustomer(agent.id)).toMatchObject({ notifyNewWork: false, notifyAssignments: true, notifyCustomerReplies: true });
  });
});
