import { and, count, eq, isNull } from "drizzle-orm";
import { startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { auditLog, outbox, sessions } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { StaffOnly } from "@/lib/staff/access";
import { resetTwoStepByStaff } from "@/lib/staff/customer-care";
import { makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 27: an admin resets a customer's two-step verification from the customer page, without a shell. */
withTestDatabase();
const receiver = withSmtpReceiver();

async function liveSessions(customerId: string) {
  const [row] = await (await db()).select({ n: count() }).from(sessions).where(and(eq(sessions.customerId, customerId), isNull(sessions.endedAt)));
  return row.n;
}

describe(`resetting two-step verification from the customer page, on ${testDatabaseLabel()}`, () => {
  it("is audited with the admin as actor, mailed to the customer, and ends every session they have", async () => {
    const admin = await makeStaffMember("admin");
    const customer = await makeCustomer();
    await startSession(customer, false, null);
    await startSession(customer, true, null);
    const versionBefore = (await reloadCustomer(customer.id)).sessionVersion;

    expect(await resetTwoStepByStaff(admin, customer.id, staffActor(admin))).toEqual({ ok: true });

    expect(await liveSessions(customer.id)).toBe(0);
    expect((await reloadCustomer(customer.id)).sessionVersion).toBeGreaterThan(versionBefore);
    const [entry] = await (await db()).select().from(auditLog).where(and(eq(auditLog.event, "two_step_reset"), eq(auditLog.customerId, customer.id)));
    expect(entry).toMatchObject({ actorId: admin.id });
    await backgroundWork().run();
    const mail = await receiver.waitFor((message) => message.envelopeTo.includes(customer.email));
    expect(mail.subject).toMatch(/two-step/i);
  });

  it("refuses an agent (by the role check in lib/), and protects admins: their second step is reset from the command line only", async () => {
    const agent = await makeStaffMember("agent");
    const admin = await makeStaffMember("admin");
    const otherAdmin = await makeStaffMember("admin");
    const customer = await makeCustomer();
    await expect(resetTwoStepByStaff(agent, customer.id, staffActor(agent))).rejects.toThrow(StaffOnly);
    expect(await resetTwoStepByStaff(admin, otherAdmin.id, staffActor(admin))).toEqual({ ok: false, reason: "protected" });
    expect(await resetTwoStepByStaff(admin, "00000000-0000-4000-8000-000000000000", staffActor(admin))).toEqual({ ok: false, reason: "not_found" });
    const audited = await (await db()).select().from(auditLog).where(and(eq(auditLog.event, "two_step_reset"), eq(auditLog.customerId, otherAdmin.id)));
    expect(audited).toEqual([]);
  });

  it("two admins resetting the same customer at once both succeed and leave no session alive", async () => {
    const [first, second] = [await makeStaffMember("admin"), await makeStaffMember("admin")];
    const customer = await makeCustomer();
    await startSession(customer, false, null);
    const outcomes = await Promise.all([resetTwoStepByStaff(first, customer.id, staffActor(first)), resetTwoStepByStaff(second, customer.id, staffActor(second))]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }]);
    expect(await liveSessions(customer.id)).toBe(0);
    const notices = await (await db()).select({ n: count() }).from(outbox).where(eq(outbox.recipient, customer.email));
    expect(notices[0].n).toBe(2);
  });
});
