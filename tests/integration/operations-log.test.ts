import { eq } from "drizzle-orm";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { advanceClock, DAY, resetClock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { jobs, outbox } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/queue";
import { clearThrottledLog, requestContexts, resetLogger } from "@/lib/log";
import { deliverDueMail } from "@/lib/mail/delivery";
import { enqueueMail } from "@/lib/mail/outbox";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { captureLogLines, type CapturedLog } from "../support/log-lines";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 29: a line per mail sent, failed or dead, per job and per background pass that did work — with the request id, without personal data. */
withTestDatabase();
const receiver = withSmtpReceiver();

let captured: CapturedLog;

beforeEach(() => {
  process.env.LOG_FORMAT = "json";
  process.env.LOG_LEVEL = "info";
  reloadConfig();
  resetLogger();
  // Each test starts with no failure reported in the last minute.
  clearThrottledLog("outbox:send");
  clearThrottledLog("job:no-such-kind");
  captured = captureLogLines();
});

afterEach(async () => {
  captured.restore();
  delete process.env.LOG_FORMAT;
  process.env.LOG_LEVEL = "warn";
  reloadConfig();
  resetLogger();
  resetClock();
  receiver.rejectAll(false);
  const database = await db();
  await database.delete(outbox);
  await database.delete(jobs);
});

const events = (name: string) => captured.lines.filter((line) => line.event === name);

describe(`log lines for mail and background work, on ${testDatabaseLabel()} (issue 29)`, () => {
  it("follows a reset request through its job, its mail and the background pass under the request's id, naming no address or token", async () => {
    const customer = await makeCustomer();
    await requestContexts().run({ requestId: "request-under-test" }, async () => {
      await requestPasswordReset(customer.email, freshMeta(), "en");
      await backgroundWork().run();
    });
    const mail = await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
    const token = (mail.text ?? "").match(/reset-password\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();

    expect(events("job.done")).toEqual([expect.objectContaining({ level: "info", kind: "password-reset.request", requestId: "request-under-test" })]);
    expect(events("mail.sent")).toEqual([expect.objectContaining({ level: "info", template: "reset-password", attempt: 1, sendMs: expect.any(Number), requestId: "request-under-test" })]);
    expect(events("background.pass")).toEqual(expect.arrayContaining([expect.objectContaining({ jobs: 1, requestId: "request-under-test" })]));
    // The mail went from the lane that ran its job (issue 23), so the pass's mail delivery found none left.
    expect(events("background.pass").some((line) => Number(line.mailDelivery ?? 0) > 0)).toBe(false);

    const all = captured.raw.join("\n");
    for (const secret of [customer.email, customer.email.split("@")[0], token!, customer.username]) expect(all).not.toContain(secret);
  });

  it("writes a failed attempt (the same failure once a minute, S47) and a dead message once, at error level", async () => {
    receiver.rejectAll(true);
    const database = await db();
    const id = await enqueueMail(database, "unlucky-recipient@example.test", { template: "test", subject: "Hello", html: "<p>Hello</p>", text: "Hello" });
    await deliverDueMail();
    expect(events("mail.failed")).toEqual([expect.objectContaining({ level: "error", mailId: id, template: "test", attempt: 1 })]);
    advanceClock(DAY + 1);
    await deliverDueMail();
    await deliverDueMail();
    expect(events("mail.dead")).toEqual([expect.objectContaining({ level: "error", mailId: id, template: "test" })]);
    expect(captured.raw.join("\n")).not.toContain("unlucky-recipient");
  });

  it("writes a job that fails, and one that is dead after its last attempt", async () => {
    const database = await db();
    await enqueueJob(database, "no-such-kind", {});
    await backgroundWork().run();
    expect(events("job.failed")).toEqual([expect.objectContaining({ kind: "no-such-kind", attempt: 1 })]);
    await database.update(jobs).set({ attempts: 5, runAfter: new Date(0) }).where(eq(jobs.kind, "no-such-kind"));
    await backgroundWork().run();
    expect(events("job.dead")).toEqual([expect.objectContaining({ level: "error", kind: "no-such-kind", attempt: 6 })]);
  });

  it("says nothing for a background pass that found no work", async () => {
    await backgroundWork().run();
    expect(events("background.pass")).toEqual([]);
  });
});
