jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, count, eq } from "drizzle-orm";
import { retryDeadJobAction, retryDeadMailAction } from "@/app/staff/health/actions";
import { db } from "@/lib/db";
import { auditLog, jobs, outbox } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/queue";
import { enqueueMail } from "@/lib/mail/outbox";
import { deadMailForStaff } from "@/lib/operations/dead-work";
import { makeCustomer } from "../support/customers";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 29: the staff health page's "Try again" — admins only (S34), audited, and a dead message
 * or job is retried once however many presses arrive at once.
 */
withTestDatabase();

type Person = Awaited<ReturnType<typeof makeCustomer>>;
let admin: Person;
let agent: Person;
let customer: Person;

async function deadMail(): Promise<number> {
  const database = await db();
  const id = await enqueueMail(database, "dead-letter@example.test", { template: "test", subject: "Hello", html: "<p>Hello</p>", text: "Hello" });
  await database.update(outbox).set({ status: "dead", attempts: 40, lastError: "550 no such mailbox" }).where(eq(outbox.id, id));
  return id;
}

async function deadJob(): Promise<number> {
  const database = await db();
  await enqueueJob(database, "health-test", { n: Math.random() });
  const [job] = await database.update(jobs).set({ status: "dead", attempts: 6, lastError: "it broke" }).where(eq(jobs.status, "pending")).returning({ id: jobs.id });
  return job.id;
}

async function statusOf(table: "mail" | "job", id: number) {
  const database = await db();
  if (table === "mail") return (await database.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id)))[0].status;
  return (await database.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id)))[0].status;
}

async function audited(event: "dead_mail_retried" | "dead_job_retried") {
  return (await (await db()).select({ n: count() }).from(auditLog).where(and(eq(auditLog.event, event), eq(auditLog.actorId, admin.id))))[0].n;
}

beforeAll(async () => {
  admin = await makeStaffMember("admin");
  agent = await makeStaffMember("agent");
  customer = await makeCustomer();
});

describe(`the health page's retry buttons, on ${testDatabaseLabel()} (issue 29)`, () => {
  it.each([
    ["a signed-out visitor", (): Person | null => null],
    ["a customer", (): Person | null => customer],
    ["an agent", (): Person | null => agent],
  ] as const)("refuse %s with 404, and the dead mail and job stay dead", async (_who, person) => {
    const mailId = await deadMail();
    const jobId = await deadJob();
    await actAs(person());
    expect(await answerOf(retryDeadMailAction(form({ id: String(mailId) })))).toBe("not found");
    expect(await answerOf(retryDeadJobAction(form({ id: String(jobId) })))).toBe("not found");
    expect(await statusOf("mail", mailId)).toBe("dead");
    expect(await statusOf("job", jobId)).toBe("dead");
  });

  it("refuse a staff session that did not pass two-step verification", async () => {
    const mailId = await deadMail();
    await actAs(admin, { twoStep: false });
    expect(await answerOf(retryDeadMailAction(form({ id: String(mailId) })))).toBe("not found");
    expect(await statusOf("mail", mailId)).toBe("dead");
  });

  it("let an admin try a dead message again for another day, once however many presses arrive at once, and audit it once", async () => {
    const mailId = await deadMail();
    await actAs(admin);
    const before = await audited("dead_mail_retried");
    const answers = await Promise.all(Array.from({ length: 8 }, () => answerOf(retryDeadMailAction(form({ id: String(mailId) })))));
    expect(answers.filter((answer) => answer === `redirect /staff/health?done=mail&id=${mailId}`)).toHaveLength(1);
    expect(answers.filter((answer) => answer === "redirect /staff/health?refused=gone")).toHaveLength(7);
    expect(await statusOf("mail", mailId)).toBe("pending");
    expect((await audited("dead_mail_retried")) - before).toBe(1);
  });

  it("let an admin try a dead job again, once however many presses arrive at once, and audit it once", async () => {
    const jobId = await deadJob();
    await actAs(admin);
    const before = await audited("dead_job_retried");
    const answers = await Promise.all(Array.from({ length: 8 }, () => answerOf(retryDeadJobAction(form({ id: String(jobId) })))));
    expect(answers.filter((answer) => answer === `redirect /staff/health?done=job&id=${jobId}`)).toHaveLength(1);
    expect(await statusOf("job", jobId)).toBe("pending");
    expect((await audited("dead_job_retried")) - before).toBe(1);
  });

  it("answer a bad or unknown id plainly: 404 for one that is not a number, 'no longer waiting' for one that is not dead", async () => {
    await actAs(admin);
    for (const id of ["", "abc", "-1", "1e3", "99999999999999999999", "0"]) expect(await answerOf(retryDeadMailAction(form({ id })))).toBe("not found");
    expect(await answerOf(retryDeadMailAction(form({ id: "987654" })))).toBe("redirect /staff/health?refused=gone");
    expect(await answerOf(retryDeadJobAction(form({ id: "987654" })))).toBe("redirect /staff/health?refused=gone");
  });

  it("lists dead mail without its recipient (S52)", async () => {
    await deadMail();
    expect(JSON.stringify(await deadMailForStaff())).not.toContain("dead-letter@example.test");
  });
});
