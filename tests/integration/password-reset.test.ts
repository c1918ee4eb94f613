import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { processResetRequest, requestPasswordReset, resetPassword, RESET_REQUEST_JOB, checkResetLink } from "@/lib/auth/password-reset";
import { customerOfSession, startSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { requestContexts } from "@/lib/log";
import { auditLog, customers, jobs, outbox, passwordResetTokens } from "@/lib/db/schema";
import { runDueJobs } from "@/lib/jobs/queue";
import { deliverDueMail } from "@/lib/mail/delivery";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { databaseActivity } from "../support/database-activity";
import { holdInTransaction, untilSomeoneWaitsForALock } from "../support/held-transaction";
import { linksIn, resetLinkIn, withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

const database = withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

const handlers = { [RESET_REQUEST_JOB]: processResetRequest };

/** Steps 2–4 of the guide: ask for a link as typed, and take it from the mail that arrives. */
async function requestLink(typed: string, deliveredTo = typed) {
  const before = receiver.messages.length;
  await requestPasswordReset(typed, freshMeta(), "en");
  await backgroundWork().run();
  const mail = await receiver.waitFor((m) => receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(deliveredTo) && m.subject!.startsWith("Reset"));
  return { mail, ...resetLinkIn(mail) };
}

describe(`Forgot your password?, on ${testDatabaseLabel()}`, () => {
  it("mails exactly one link, on APP_URL's origin, to the address stored on the account, not the one typed (S15, S19, S43)", async () => {
    const customer = await makeCustomer();
    // The stored address keeps its own spelling (its local part's case); the customer types it
    // differently. Note: mail servers lower-case the domain, which is case-insensitive anyway.
    const stored = `Mixed.Case.${customer.username}@example.test`;
    await (await db()).update(customers).set({ email: stored }).where(eq(customers.id, customer.id));
    const { mail, link } = await requestLink(stored.toUpperCase(), stored);
    expect(mail.envelopeTo).toEqual([stored]);
    expect(linksIn(mail, "/reset-password/")).toHaveLength(1);
    expect(new URL(link).origin).toBe("https://portal.example.test");
    expect(mail.text).toContain(customer.username);
    expect(mail.text).toContain("expires in 60 minutes and works once");
    expect(mail.text).toContain("If you didn't ask for this, you can ignore this email; your password has not changed.");
    expect(mail.html).toBeTruthy();
  });

  it("sends nothing for an unknown or a disabled address", async () => {
    const disabled = await makeCustomer();
    await setAccountDisabled(disabled.id, true);
    const count = receiver.messages.length;
    await requestPasswordReset("nobody@example.test", freshMeta(), "en");
    await requestPasswordReset(disabled.email, freshMeta(), "en");
    await backgroundWork().run();
    expect(receiver.messages.length).toBe(count);
  });

  it("sends a locked-out customer a link, and the reset lifts the lock (S20, S24)", async () => {
    const customer = await makeCustomer();
    for (let i = 0; i < 5; i += 1) await signInWithPassword(customer.username, "wrong wrong wrong", freshMeta());
    const { token } = await requestLink(customer.email);
    expect((await resetPassword(token, "a fresh unlocked passphrase", freshMeta())).ok).toBe(true);
    expect((await signInWithPassword(customer.username, "a fresh unlocked passphrase", freshMeta())).ok).toBe(true);
    expect((await reloadCustomer(customer.id)).emailVerified).not.toBeNull();
  });

  it("changes nothing on the account until the link is used (S20)", async () => {
    const customer = await makeCustomer();
    await requestLink(customer.email);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(true);
  });

  it("sends at most 3 mails an hour to one account (S18)", async () => {
    const customer = await makeCustomer();
    for (let i = 0; i < 3; i += 1) await requestLink(customer.email);
    await requestPasswordReset(customer.email, freshMeta(), "en");
    await backgroundWork().run();
    expect(receiver.to(customer.email)).toHaveLength(3);
    advanceClock(61 * MINUTE);
    await requestLink(customer.email);
    expect(receiver.to(customer.email)).toHaveLength(4);
  });

  it("finds and locks the account in one statement, and past the cap stops after counting its mails (S18, S45; issue 25)", async () => {
    const customer = await makeCustomer();
    for (let i = 0; i < 3; i += 1) await requestLink(customer.email);
    // The flood's case: the address typed in another case, the account past its three mails.
    const context: { requestId: string; queries?: number } = { requestId: "reset-job" };
    await requestContexts().run(context, () => db().then((database) => database.transaction((tx) => processResetRequest({ email: customer.email.toUpperCase(), ip: "198.51.100.7", locale: "en" }, tx))));
    // 1 the account, found by its address and locked until the job's transaction ends; 2 its mails of the last hour.
    expect(context.queries).toBe(2);
    // Past the cap nothing more is queued or recorded: still three mails and three requests on record.
    expect(await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email))).toHaveLength(3);
    expect(await (await db()).select().from(auditLog).where(and(eq(auditLog.customerId, customer.id), eq(auditLog.event, "password_reset_requested")))).toHaveLength(3);
  });

  it("stores only the token's SHA-256, with the address it was sent to (S8)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    const rows = await (await db()).select().from(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0].emailAtIssue).toBe(customer.email);
  });

  it("erases the delivered mail's body from the outbox, so no link lingers", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    const rows = await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email));
    expect(rows.every((row) => row.status === "sent" && row.html === null && row.text === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("accepts the link at 59 minutes and refuses it at 61 (S10)", async () => {
    const early = await makeCustomer();
    const late = await makeCustomer();
    const first = await requestLink(early.email);
    const second = await requestLink(late.email);
    advanceClock(59 * MINUTE);
    expect(await checkResetLink(first.token, freshMeta(), "page")).not.toBeNull();
    expect((await resetPassword(first.token, "fifty nine minutes in", freshMeta())).ok).toBe(true);
    advanceClock(2 * MINUTE);
    expect(await checkResetLink(second.token, freshMeta(), "page")).toBeNull();
    expect(await resetPassword(second.token, "sixty one minutes in", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("voids the first link when a second is requested (S12)", async () => {
    const customer = await makeCustomer();
    const first = await requestLink(customer.email);
    const second = await requestLink(customer.email);
    expect(await resetPassword(first.token, "the first link's password", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
    expect((await resetPassword(second.token, "the second link's password", freshMeta())).ok).toBe(true);
  });

  it("voids the link when the customer is disabled, or the address changes after it was sent (S9, S12)", async () => {
    const disabled = await makeCustomer();
    const moved = await makeCustomer();
    const one = await requestLink(disabled.email);
    const two = await requestLink(moved.email);
    await setAccountDisabled(disabled.id, true);
    await (await db()).update(customers).set({ email: `moved.${moved.email}` }).where(eq(customers.id, moved.id));
    expect(await resetPassword(one.token, "a disabled customer's try", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
    expect(await resetPassword(two.token, "a moved customer's try here", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("gives exactly one success to twenty concurrent submissions of one link (S11)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => resetPassword(token, `concurrent passphrase number ${i}`, freshMeta())));
    const winners = outcomes.flatMap((outcome, i) => (outcome.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(19);
    expect((await signInWithPassword(customer.username, `concurrent passphrase number ${winners[0]}`, freshMeta())).ok).toBe(true);
    expect(await resetPassword(token, "a later sequential reuse", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("ends every session from before the reset, swaps the passwords and sends the notice (S22, S23, S41)", async () => {
    const customer = await makeCustomer();
    const before = await startSession(customer, false, freshMeta());
    expect(await customerOfSession(before)).toBeDefined();
    const { token } = await requestLink(customer.email);
    expect((await resetPassword(token, "my shiny new passphrase", freshMeta())).ok).toBe(true);
    expect(await customerOfSession(before)).toBeUndefined();
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(false);
    expect((await signInWithPassword(customer.username, "my shiny new passphrase", freshMeta())).ok).toBe(true);

    await backgroundWork().run();
    const notice = await receiver.waitFor((m) => m.envelopeTo.includes(customer.email) && /password was changed/.test(m.subject ?? ""));
    expect(notice.text).toMatch(/reset on .* UTC, from Chrome on Linux/);
    expect(notice.text).toContain("1-800-555-0100");
    expect(notice.text).not.toContain("my shiny new passphrase");
    expect(linksIn(notice, "/reset-password/")).toHaveLength(0);
  });

  it("applies the password policy to the new password and keeps the link usable (S21)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    expect(await resetPassword(token, "passwordpassword", freshMeta())).toMatchObject({ ok: false, reason: "policy" });
    expect(await resetPassword(token, "short", freshMeta())).toMatchObject({ ok: false, reason: "policy" });
    expect((await resetPassword(token, "a long enough passphrase", freshMeta())).ok).toBe(true);
  });
});

/** The reset requests for `email` still in the job queue (done ones are removed). */
async function requestsLeft(email: string) {
  const rows = await (await db()).select({ payload: jobs.payload }).from(jobs).where(eq(jobs.kind, RESET_REQUEST_JOB));
  return rows.filter((row) => (row.payload as { email?: unknown }).email === email).length;
}

describe(`attack: many requests for one customer at once, on two instances, on ${testDatabaseLabel()} (S12, S18, S45)`, () => {
  it("mails 3 links for 8 simultaneous requests drained by two workers, and only the newest link works", async () => {
    const customer = await makeCustomer();
    const before = receiver.messages.length;
    await Promise.all(Array.from({ length: 8 }, () => requestPasswordReset(customer.email, freshMeta(), "en")));
    // Two instances draining one queue at the same moment.
    await Promise.all([runDueJobs(handlers), runDueJobs(handlers)]);
    // On a loaded machine a job can be left for later by design (a lock waited on past the
    // background work's 5 s limit is retried later, S47): what is left runs once due, and how many
    // links are mailed is the check. (In CI, jobs were once still queued after every pass: one claim
    // had leased them all and run only the first — lib/jobs/leases.ts, tests/integration/job-lease.test.ts.)
    for (let round = 1; (await requestsLeft(customer.email)) > 0; round++) {
      if (round > 3) {
        const jobsLeft = `select id, status, attempts, run_after, locked_until, locked_by, last_error from jobs where kind = '${RESET_REQUEST_JOB}'`;
        throw new Error(`reset requests still queued after ${round} passes: ${await databaseActivity(database.current(), jobsLeft)}`);
      }
      advanceClock(2 * MINUTE);
      await runDueJobs(handlers);
    }
    await deliverDueMail();
    const live = await (await db()).select().from(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id));
    expect(live).toHaveLength(1);
    const queued = await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email));
    expect(queued).toHaveLength(3);
    // Each link's mail goes out as soon as its job has run (issue 23), so an older one may be sent
    // before a newer replaces it; one still waiting when a newer comes is replaced (S47). Either
    // way one message is sent or superseded per link, and only the newest link works (S12).
    expect(queued.filter((row) => row.status === "sent")).toHaveLength(receiver.to(customer.email).length);
    expect(queued.filter((row) => row.status === "sent" || row.status === "superseded")).toHaveLength(3);
    await receiver.waitFor((m) => receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(customer.email));
    const tokens = receiver.to(customer.email).map((mail) => resetLinkIn(mail).token);
    const results = [];
    for (const token of tokens) results.push((await resetPassword(token, "the newest link's passphrase", freshMeta())).ok);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("does not send a reset mail whose link expired while the mail server was down (S47)", async () => {
    const customer = await makeCustomer();
    receiver.rejectAll(true);
    try {
      await requestPasswordReset(customer.email, freshMeta(), "en");
      await backgroundWork().run();
    } finally {
      receiver.rejectAll(false);
    }
    advanceClock(61 * MINUTE);
    await deliverDueMail();
    const [row] = await (await db()).select().from(outbox).where(and(eq(outbox.recipient, customer.email), eq(outbox.template, "reset-password")));
    expect(row.status).toBe("superseded");
    expect(row.text).toBeNull();
    expect(receiver.to(customer.email)).toHaveLength(0);
  });
});

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const postgresOnly = process.env.TEST_DATABASE_URL ? "" : " — skipped: PGlite has one connection, so no second transaction can hold a row";

describeOnPostgres(`the reset job waits for the account's lock, on ${testDatabaseLabel()} (S9, S45)${postgresOnly}`, () => {
  it("waits while another transaction holds the account, and sends nothing when that transaction moved the address away", async () => {
    const customer = await makeCustomer();
    // The customer changing their address, say: the row is held until the change commits.
    const change = holdInTransaction(database.current().url!, (sql) => sql`update customers set email = ${`moved-${customer.email}`} where id = ${customer.id}`);
    try {
      await change.isHeld;
      const job = (async () => (await db()).transaction((tx) => processResetRequest({ email: customer.email, ip: "198.51.100.7", locale: "en" }, tx)))();
      // The job is seen waiting for the row before the holder lets go.
      await untilSomeoneWaitsForALock(database.current().url!, () => databaseActivity(database.current()));
      await change.release();
      await job;
    } finally {
      await change.release();
    }
    // The address it was asked for is no longer the account's: no link, no mail (S9).
    expect(await (await db()).select().from(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id))).toHaveLength(0);
    expect(await (await db()).select().from(outbox).where(eq(outbox.recipient, `moved-${customer.email}`))).toHaveLength(0);
  });
});
