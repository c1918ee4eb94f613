import { parseOptions } from "@node-rs/argon2";
import { and, eq, sql } from "drizzle-orm";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { confirmCurrentPassword, signInWithPassword } from "@/lib/auth/sign-in";
import { advanceClock, MINUTE, now, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { writeTogether } from "@/lib/db/one-statement";
import { auditLog, customers, rateLimits } from "@/lib/db/schema";
import { clientIp, requestMeta } from "@/lib/http/client-ip";
import { pruneEndedLimits, reservePoint } from "@/lib/http/rate-limit";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { stampedPeer } from "../support/peer";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
afterEach(resetClock);

/** The client's points of the sign-in limit (S28) in its current counter row. */
async function pointsTaken(ip: string): Promise<number | undefined> {
  const [row] = await (await db()).select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, `signInFailuresPerIp:${ip}`));
  return row?.points;
}

async function failTimes(login: string, times: number) {
  for (let i = 0; i < times; i += 1) {
    expect(await signInWithPassword(login, "not the password at all", freshMeta())).toEqual({ ok: false, reason: "invalid" });
  }
}

describe(`Sign in with a local account, on ${testDatabaseLabel()}`, () => {
  it("signs in with the right username and password, or with the email address", async () => {
    const customer = await makeCustomer();
    expect(await signInWithPassword(customer.username, customer.password, freshMeta())).toMatchObject({ ok: true, customer: { id: customer.id } });
    expect(await signInWithPassword(customer.email.toUpperCase(), customer.password, freshMeta())).toMatchObject({ ok: true });
  });

  it("gives the identical answer for a wrong password, an unknown user, a locked and a disabled account (S25)", async () => {
    const wrong = await makeCustomer();
    const locked = await makeCustomer();
    await failTimes(locked.username, 5);
    const disabled = await makeCustomer();
    await setAccountDisabled(disabled.id, true);

    const answers = [
      await signInWithPassword(wrong.username, "definitely not it", freshMeta()),
      await signInWithPassword("nobody-by-this-name", "definitely not it", freshMeta()),
      await signInWithPassword(locked.username, locked.password, freshMeta()),
      await signInWithPassword(disabled.username, disabled.password, freshMeta()),
    ];
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses the right password on the 6th attempt after 5 failures, and accepts it once the lock expires (S27)", async () => {
    const customer = await makeCustomer();
    const started = now().getTime();
    await failTimes(customer.username, 5);
    const lockedUntil = (await reloadCustomer(customer.id)).lockedUntil!.getTime();
    // Note: the lock is 5 minutes from the 5th failure; the clock is moved relative to the stored
    // end, with a minute's margin, so a slow machine between two attempts cannot end it early.
    expect(lockedUntil - started).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(lockedUntil - now().getTime()).toBeLessThanOrEqual(5 * MINUTE);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(false);
    advanceClock(lockedUntil - now().getTime() - MINUTE);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(false);
    advanceClock(lockedUntil - now().getTime() + 1_000);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(true);
    expect((await reloadCustomer(customer.id)).failedSignIns).toBe(0);
  });

  it("locks for 10 minutes after 10 consecutive failures (S27)", async () => {
    const customer = await makeCustomer();
    await failTimes(customer.username, 5);
    advanceClock(5 * MINUTE + 1_000);
    await failTimes(customer.username, 5);
    const { lockedUntil } = await reloadCustomer(customer.id);
    const minutes = Math.round((lockedUntil!.getTime() - Date.now()) / MINUTE);
    expect(minutes).toBe(15); // 5 minutes already advanced + the 10-minute lock
  });

  it("blocks password sign-in after 100 consecutive failures until a reset (S27)", async () => {
    const customer = await makeCustomer();
    await (await db()).update(customers).set({ failedSignIns: 99 }).where(eq(customers.id, customer.id));
    await failTimes(customer.username, 1);
    expect((await reloadCustomer(customer.id)).passwordSignInBlocked).toBe(true);
    advanceClock(24 * 60 * MINUTE);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(false);
  });

  it("refuses a client after 20 failures in 10 minutes, even with the right password (S28)", async () => {
    const customer = await makeCustomer();
    const meta = freshMeta();
    for (let i = 0; i < 20; i += 1) {
      expect(await signInWithPassword(`unknown-${i}`, "some password here", meta)).toEqual({ ok: false, reason: "invalid" });
    }
    const refused = await signInWithPassword(customer.username, customer.password, meta);
    expect(refused).toMatchObject({ ok: false, reason: "throttled" });
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(true);
  });

  it("does not reset the per-IP count when X-Forwarded-For rotates and no proxy is trusted (S28)", async () => {
    const peer = "192.0.2.77";
    for (let i = 0; i < 20; i += 1) {
      const headers = new Headers({ "x-forwarded-for": `203.0.113.${i}`, ...stampedPeer(peer), "user-agent": "attacker" });
      expect(clientIp(headers)).toBe(peer);
      await signInWithPassword(`unknown-${i}`, "some password here", requestMeta(headers));
    }
    const rotated = new Headers({ "x-forwarded-for": "203.0.113.250", ...stampedPeer(peer) });
    expect(await signInWithPassword("anyone", "some password here", requestMeta(rotated))).toMatchObject({ reason: "throttled" });
  });

  it("keeps sign-in counters apart from reset-request counters", async () => {
    const customer = await makeCustomer();
    const meta = freshMeta();
    const { consumeLimit } = await import("@/lib/http/rate-limit");
    for (let i = 0; i < 30; i += 1) await consumeLimit("resetRequestsPerIp", meta.ip);
    expect((await signInWithPassword(customer.username, customer.password, meta)).ok).toBe(true);
  });

  it("stores argon2id hashes with m ≥ 19456, t ≥ 2, p = 1, different for equal passwords (S5)", async () => {
    const one = await makeCustomer({ password: "the very same passphrase" });
    const two = await makeCustomer({ password: "the very same passphrase" });
    expect(one.passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    const parameters = parseOptions(one.passwordHash!);
    expect(parameters.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(parameters.timeCost).toBeGreaterThanOrEqual(2);
    expect(parameters.parallelism).toBe(1);
    expect(one.passwordHash).not.toBe(two.passwordHash);
  });

  it("upgrades a hash with weaker parameters at the next successful sign-in (S5)", async () => {
    const { hash } = await import("@node-rs/argon2");
    const customer = await makeCustomer();
    const weak = await hash(customer.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await (await db()).update(customers).set({ passwordHash: weak }).where(eq(customers.id, customer.id));
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(true);
    expect(parseOptions((await reloadCustomer(customer.id)).passwordHash!).memoryCost).toBe(19456);
  });

  it("rejects two 100-character passwords that differ only at position 90 (S2)", async () => {
    const password = "a".repeat(40) + " lantern orchard ridge " + "b".repeat(37);
    const customer = await makeCustomer({ password });
    const other = password.slice(0, 89) + "Z" + password.slice(90);
    expect((await signInWithPassword(customer.username, other, freshMeta())).ok).toBe(false);
    expect((await signInWithPassword(customer.username, password, freshMeta())).ok).toBe(true);
  });

  it("treats precomposed and decomposed characters as the same password (S3)", async () => {
    const customer = await makeCustomer({ password: "\u00C5ngstr\u00F6m lantern orchard" });
    expect((await signInWithPassword(customer.username, "A\u030Angstro\u0308m lantern orchard", freshMeta())).ok).toBe(true);
  });
});

/** How many password attempts on this customer reached argon2id against the real hash. */
async function verificationsOf(customerId: string) {
  const rows = await (await db())
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, "sign_in_failed"), sql`(${auditLog.details}->>'checked')::boolean`));
  return rows[0].count;
}

describe(`attack: a burst of simultaneous guesses, on ${testDatabaseLabel()} (S27, S28, S45)`, () => {
  it("checks exactly 5 of 40 simultaneous wrong passwords for one account, and locks it once", async () => {
    const customer = await makeCustomer();
    const meta = freshMeta();
    const answers = await Promise.all(Array.from({ length: 40 }, () => signInWithPassword(customer.username, "a wrong guess in a burst", meta)));
    expect(answers.every((answer) => !answer.ok)).toBe(true);
    expect(await verificationsOf(customer.id)).toBe(5);
    const row = await reloadCustomer(customer.id);
    expect(row.failedSignIns).toBe(5);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const locks = await (await db()).select().from(auditLog).where(and(eq(auditLog.customerId, customer.id), eq(auditLog.event, "lockout_started")));
    expect(locks).toHaveLength(1);
  });

  it("refuses the right password hidden in a burst past the lock", async () => {
    const customer = await makeCustomer();
    const meta = freshMeta();
    const wrong = Array.from({ length: 25 }, () => signInWithPassword(customer.username, "a wrong guess in a burst", meta));
    await Promise.all(wrong.slice(0, 10));
    const right = signInWithPassword(customer.username, customer.password, freshMeta());
    const answers = await Promise.all([...wrong, right]);
    expect(answers.at(-1)).toEqual({ ok: false, reason: "invalid" });
  });

  it("verifies at most 20 passwords from one client however many arrive at once, across accounts", async () => {
    const meta = freshMeta();
    const targets = await Promise.all(Array.from({ length: 11 }, () => makeCustomer()));
    const attempts = targets.flatMap((customer) => Array.from({ length: 4 }, () => signInWithPassword(customer.username, "spraying one password", meta)));
    const answers = await Promise.all(attempts);
    const verified = (await Promise.all(targets.map((customer) => verificationsOf(customer.id)))).reduce((sum, n) => sum + n, 0);
    expect(verified).toBe(20);
    expect(answers.filter((answer) => !answer.ok && answer.reason === "throttled")).toHaveLength(44 - 20);
  });

  it("counts the current-password check on /account against the same limits (S29)", async () => {
    const customer = await makeCustomer();
    const meta = freshMeta();
    const answers = await Promise.all(Array.from({ length: 8 }, () => confirmCurrentPassword(customer, "not the current one", meta)));
    expect(answers.every((answer) => !answer.ok)).toBe(true);
    expect(await verificationsOf(customer.id)).toBe(5);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(false);
  });

  it("gives a successful sign-in's point back to the client, so only failures count (S28)", async () => {
    const customer = await makeCustomer();
    const meta = freshMeta();
    for (let i = 0; i < 25; i += 1) expect((await signInWithPassword(customer.username, customer.password, meta)).ok).toBe(true);
    // Issue 25: given back in the statement that forgives the account's attempts.
    expect(await pointsTaken(meta.ip)).toBe(0);
  });

  it("gives back every point of 20 simultaneous right passwords, so the client keeps its 20 failures (S28, S45)", async () => {
    const meta = freshMeta();
    const people = await Promise.all(Array.from({ length: 20 }, () => makeCustomer()));
    const answers = await Promise.all(people.map((person) => signInWithPassword(person.username, person.password, meta)));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(await pointsTaken(meta.ip)).toBe(0);
    const failures = await Promise.all(Array.from({ length: 21 }, (_, i) => signInWithPassword(`unknown-${i}`, "some password here", meta)));
    expect(failures.filter((answer) => !answer.ok && answer.reason === "invalid")).toHaveLength(20);
    expect(failures.filter((answer) => !answer.ok && answer.reason === "throttled")).toHaveLength(1);
  });

  it("forgives the attempts and gives the point back together, also when the right password's hash is upgraded (S5, S27, S28)", async () => {
    const { hash } = await import("@node-rs/argon2");
    const customer = await makeCustomer();
    await failTimes(customer.username, 3);
    const weak = await hash(customer.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await (await db()).update(customers).set({ passwordHash: weak }).where(eq(customers.id, customer.id));
    const meta = freshMeta();
    await signInWithPassword("unknown-first", "some password here", meta);
    expect(await pointsTaken(meta.ip)).toBe(1);
    expect((await signInWithPassword(customer.username, customer.password, meta)).ok).toBe(true);
    expect(await pointsTaken(meta.ip)).toBe(1);
    const row = await reloadCustomer(customer.id);
    expect(row.failedSignIns).toBe(0);
    expect(parseOptions(row.passwordHash!).memoryCost).toBe(19456);
  });

  it("gives a point back only to the window it was taken in, once, so no allowance carries over (S28, S45)", async () => {
    const meta = freshMeta();
    const [early, late, twice] = [await reservePoint("signInFailuresPerIp", meta.ip), await reservePoint("signInFailuresPerIp", meta.ip), await reservePoint("signInFailuresPerIp", meta.ip)];
    expect(await pointsTaken(meta.ip)).toBe(3);
    await twice.giveBack();
    await twice.giveBack();
    await writeTogether(await db(), twice.givenBack(await db()));
    expect(await pointsTaken(meta.ip)).toBe(2);
    // The limits' windows run on the system clock (the library's): only it moves, past this window's end.
    jest.useFakeTimers({ doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    try {
      jest.setSystemTime(Date.now() + 10 * MINUTE + 5_000);
      await early.giveBack();
      expect(await pointsTaken(meta.ip)).toBe(2);
      // A failure starts the next window at 1; a point taken in the last one does not come off it.
      await signInWithPassword("unknown-next", "some password here", meta);
      expect(await pointsTaken(meta.ip)).toBe(1);
      await late.giveBack();
      expect(await pointsTaken(meta.ip)).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it("housekeeping removes the counters whose window has ended and keeps the live ones (S28)", async () => {
    const [ended, live] = [freshMeta(), freshMeta()];
    await signInWithPassword("unknown-ended", "some password here", ended);
    await signInWithPassword("unknown-live", "some password here", live);
    await (await db()).update(rateLimits).set({ expire: new Date(Date.now() - 1_000) }).where(eq(rateLimits.key, `signInFailuresPerIp:${ended.ip}`));
    await pruneEndedLimits();
    expect(await pointsTaken(ended.ip)).toBeUndefined();
    expect(await pointsTaken(live.ip)).toBe(1);
    // The next failure from the pruned address starts a window of its own.
    await signInWithPassword("unknown-again", "some password here", ended);
    expect(await pointsTaken(ended.ip)).toBe(1);
  });

  it("takes the client address from the preload's stamp only, never from a stamp a client forged (S28)", () => {
    const forged = new Headers({ "x-portal-peer": "guessed-secret 10.9.9.9" });
    expect(clientIp(forged)).toBe("unknown");
    expect(clientIp(new Headers(stampedPeer("192.0.2.5")))).toBe("192.0.2.5");
  });
});
