import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { supportCases } from "@/lib/db/schema";
import { landingPath } from "@/lib/staff/access";
import { assignCase, changeCasePriority, changeCaseStatus, prioritySchema, replyToCustomer } from "@/lib/support/case-conversation";
import { replyAsCustomer } from "@/lib/support/customer-replies";
import { caseQueue, queueFilters, staffCounts } from "@/lib/support/case-queue";
import { createCase } from "@/lib/support/cases";
import { makeCustomer, reloadCustomer } from "../support/customers";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 27: priorities, due times counted in working hours, and the staff navigation's counts. The
 * clock is moved to fixed instants so weekends, a holiday and a clock change fall where the test
 * says (SUPPORT_HOURS in Chicago, Christmas from a holiday file).
 */
withTestDatabase();

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), "support-holidays-"));
  const holidays = path.join(folder, "holidays.txt");
  writeFileSync(holidays, "# Company holidays\n2026-12-25 Christmas Day\n");
  process.env.SUPPORT_HOURS = "Mon-Fri 08:00-18:00 America/Chicago";
  process.env.SUPPORT_HOLIDAYS_FILE = holidays;
  process.env.SUPPORT_RESPONSE_TARGETS = "urgent=1h/2h high=4h/8h normal=20h/20h low=40h/40h";
  reloadConfig();
});
afterAll(() => {
  delete process.env.SUPPORT_HOURS;
  delete process.env.SUPPORT_HOLIDAYS_FILE;
  delete process.env.SUPPORT_RESPONSE_TARGETS;
  reloadConfig();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(() => resetClock());

/** Moves the portal's clock to an instant. */
function clockAt(iso: string) {
  advanceClock(new Date(iso).getTime() - now().getTime());
}

const aCase = { subject: "The meter reading looks wrong", category: "not-working" as const, description: "The reading on my last bill is twice the usual one." };

/** A due time is counted from the moment the change happened, a few milliseconds after the clock was set. */
function expectDue(actual: Date | null, iso: string) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual!.getTime() - new Date(iso).getTime())).toBeLessThan(5_000);
}

async function row(id: number) {
  const [found] = await (await db()).select().from(supportCases).where(eq(supportCases.id, id));
  return found;
}

describe(`due times in working hours, on ${testDatabaseLabel()}`, () => {
  it("a new case is normal and due by the first-response target in working hours; a higher priority brings it forward over the weekend", async () => {
    const agent = await makeStaffMember();
    // Friday 4 December 2026, 17:00 in Chicago.
    clockAt("2026-12-04T23:00:00Z");
    const created = await createCase(await makeCustomer(), aCase, "en");
    // 20 working hours: 1 on Friday, 10 on Monday, 9 on Tuesday.
    expect(await row(created.id)).toMatchObject({ priority: "normal", firstResponseAt: null });
    expectDue((await row(created.id)).dueAt, "2026-12-08T23:00:00Z");

    expect(await changeCasePriority(agent, created.id, "high", staffActor(agent))).toEqual({ ok: true });
    // 4 working hours from Friday 17:00: Monday 11:00.
    expectDue((await row(created.id)).dueAt, "2026-12-07T17:00:00Z");
  });

  it("the team's reply stops the clock; the customer's next reply starts the next-response target, skipping a holiday", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    clockAt("2026-12-22T15:00:00Z");
    const created = await createCase(customer, aCase, "en");
    await changeCasePriority(agent, created.id, "high", staffActor(agent));
    await replyToCustomer(agent, created.id, "Could you send a photo of the meter?", { waitingForYou: true }, staffActor(agent));
    expect(await row(created.id)).toMatchObject({ dueAt: null, customerWaitingSince: null });
    expectDue((await row(created.id)).firstResponseAt, "2026-12-22T15:00:00Z");

    // Christmas Eve, 17:00 in Chicago: 1 working hour that day, Christmas off, then the weekend.
    clockAt("2026-12-24T23:00:00Z");
    await replyAsCustomer(customer, created.id, "Here is the photo.");
    // High's next-response target is 8 working hours: 1 on the 24th, 7 on Monday the 28th.
    expectDue((await row(created.id)).dueAt, "2026-12-28T21:00:00Z");
    // Writing again keeps the customer's place.
    clockAt("2026-12-28T15:00:00Z");
    await replyAsCustomer(customer, created.id, "Any news?");
    expectDue((await row(created.id)).dueAt, "2026-12-28T21:00:00Z");
  });

  it("keeps local working hours across the clocks going back", async () => {
    const agent = await makeStaffMember();
    const customer = await makeCustomer();
    clockAt("2026-10-29T15:00:00Z");
    const created = await createCase(customer, aCase, "en");
    await changeCasePriority(agent, created.id, "urgent", staffActor(agent));
    await replyToCustomer(agent, created.id, "We are checking.", { waitingForYou: true }, staffActor(agent));
    // Friday 30 October, 17:00 CDT; the clocks go back on Sunday.
    clockAt("2026-10-30T22:00:00Z");
    await replyAsCustomer(customer, created.id, "Still wrong.");
    // Urgent's next-response target is 2 working hours: 1 on Friday, 1 on Monday from 08:00 CST.
    expectDue((await row(created.id)).dueAt, "2026-11-02T15:00:00Z");
  });

  it("closing a case, or waiting for the customer, leaves nothing due", async () => {
    const agent = await makeStaffMember();
    const created = await createCase(await makeCustomer(), aCase, "en");
    expect((await row(created.id)).dueAt).not.toBeNull();
    await changeCaseStatus(agent, created.id, "closed", staffActor(agent));
    expect((await row(created.id)).dueAt).toBeNull();
  });

  it("two agents setting different priorities at once leave a due time that matches the priority that won", async () => {
    const [first, second] = [await makeStaffMember(), await makeStaffMember()];
    clockAt("2026-12-01T15:00:00Z");
    const created = await createCase(await makeCustomer(), aCase, "en");
    const outcomes = await Promise.all([changeCasePriority(first, created.id, "urgent", staffActor(first)), changeCasePriority(second, created.id, "low", staffActor(second))]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }]);
    const after = await row(created.id);
    // Tuesday 09:00 Chicago plus 1 working hour (urgent) or 40 (low: 39 to Friday's close, then Monday 09:00).
    expectDue(after.dueAt, { urgent: "2026-12-01T16:00:00Z", low: "2026-12-07T15:00:00Z" }[after.priority as "urgent" | "low"]);
  });
});

describe(`the staff navigation's counts and the queue's views, on ${testDatabaseLabel()}`, () => {
  it("counts unassigned, waiting on us, mine and overdue cases, and each view of the queue lists the same cases", async () => {
    const me = await makeStaffMember();
    clockAt("2026-12-01T15:00:00Z");
    const before = await staffCounts(me.id);
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const afterCreate = await staffCounts(me.id);
    expect(afterCreate).toEqual({ ...before, unassigned: before.unassigned + 1, waiting: before.waiting + 1 });

    await assignCase(me, created.id, me.id, staffActor(me));
    expect(await staffCounts(me.id)).toEqual({ ...before, waiting: before.waiting + 1, mine: before.mine + 1 });

    // Normal: 20 working hours from Tuesday 09:00 — 9 on Tuesday, 10 on Wednesday, 1 on Thursday — due Thursday 09:00.
    clockAt("2026-12-03T15:01:00Z");
    const late = await staffCounts(me.id);
    expect(late.overdue).toBeGreaterThanOrEqual(1);
    const overdue = await caseQueue(queueFilters({ view: "overdue", sort: "due", status: "all" }), me.id);
    expect(overdue.cases.map((item) => item.id)).toContain(created.id);
    expect(overdue.cases.every((item) => item.dueAt !== null && item.dueAt < now())).toBe(true);
    const mine = await caseQueue(queueFilters({ mine: "1" }), me.id);
    expect(mine.cases.map((item) => item.id)).toEqual([created.id]);

    await replyToCustomer(me, created.id, "Fixed: the reading was corrected.", { waitingForYou: true }, staffActor(me));
    const answered = await staffCounts(me.id);
    expect(answered.overdue).toBe(late.overdue - 1);
    expect(answered.waiting).toBe(late.waiting - 1);
  });

  it("orders the queue by due time when asked, soonest (overdue) first, cases nobody waits on last", async () => {
    const agent = await makeStaffMember();
    clockAt("2026-12-01T15:00:00Z");
    const customer = await makeCustomer();
    const normal = await createCase(customer, { ...aCase, subject: "Due-order normal case" }, "en");
    const urgent = await createCase(customer, { ...aCase, subject: "Due-order urgent case" }, "en");
    const answered = await createCase(customer, { ...aCase, subject: "Due-order answered case" }, "en");
    await changeCasePriority(agent, urgent.id, "urgent", staffActor(agent));
    await replyToCustomer(agent, answered.id, "Done.", { waitingForYou: true }, staffActor(agent));
    const { cases } = await caseQueue(queueFilters({ sort: "due", q: "Due-order" }), agent.id);
    expect(cases.map((item) => item.id)).toEqual([urgent.id, normal.id, answered.id]);
  });

  it("refuses an unknown view, order or priority without failing", async () => {
    expect(queueFilters({ view: "everything", sort: "random" })).toMatchObject({ view: null, sort: "activity" });
    expect(prioritySchema.safeParse("critical").success).toBe(false);
    expect(prioritySchema.safeParse("urgent").success).toBe(true);
  });

  it("agents and admins land on the queue after signing in unless they were going somewhere; customers on the home page", async () => {
    const customer = await makeCustomer();
    expect(landingPath(await makeStaffMember("agent"), "/")).toBe("/staff");
    expect(landingPath(await makeStaffMember("admin"), "/")).toBe("/staff");
    expect(landingPath(await makeStaffMember("agent"), "/staff/cases/7")).toBe("/staff/cases/7");
    expect(landingPath(await reloadCustomer(customer.id), "/")).toBe("/");
  });
});
