import { setAccountDisabled } from "@/lib/auth/accounts";
import { customerOfSession, endAllSessions, endOtherSessions, endSession, startSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { advanceClock, HOUR, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { freshMeta, makeCustomer } from "../support/customers";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
afterEach(resetClock);

/** What a sign-in does: the password, then a new session (the sign-in action writes its cookie). */
async function signIn(customer: Awaited<ReturnType<typeof makeCustomer>>, remember = false) {
  const outcome = await signInWithPassword(customer.username, customer.password, freshMeta());
  if (!outcome.ok) throw new Error("sign-in failed");
  return startSession(outcome.customer, remember, freshMeta());
}

describe(`sessions, on ${testDatabaseLabel()}`, () => {
  it("gives every sign-in a new session id, and the session is live (S32)", async () => {
    const customer = await makeCustomer();
    const first = await signIn(customer);
    const second = await signIn(customer);
    expect(first.sid).not.toBe(second.sid);
    expect(first.sid).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await customerOfSession(first))?.id).toBe(customer.id);
    expect((await customerOfSession(second))?.id).toBe(customer.id);
  });

  it("ends every session when all are ended, even claims minted before the bump (S23)", async () => {
    const customer = await makeCustomer();
    const session = await signIn(customer);
    await (await db()).transaction((tx) => endAllSessions(tx, customer.id));
    expect(await customerOfSession(session)).toBeUndefined();
  });

  it("refuses a copied cookie after its session signed out, leaving the customer's other sessions alone (S33)", async () => {
    const customer = await makeCustomer();
    const signedOut = await signIn(customer, true);
    const other = await signIn(customer);
    await endSession(signedOut.sid);
    expect(await customerOfSession(signedOut)).toBeUndefined();
    expect(await customerOfSession(other)).toBeDefined();
  });

  it("ends the other sessions and keeps the one that asked", async () => {
    const customer = await makeCustomer();
    const kept = await signIn(customer);
    const others = [await signIn(customer), await signIn(customer)];
    await endOtherSessions(customer.id, kept.sid);
    expect(await customerOfSession(kept)).toBeDefined();
    for (const other of others) expect(await customerOfSession(other)).toBeUndefined();
  });

  it("ends the sessions of a disabled customer (S33)", async () => {
    const customer = await makeCustomer();
    const session = await signIn(customer);
    await setAccountDisabled(customer.id, true);
    expect(await customerOfSession(session)).toBeUndefined();
  });

  it("enforces the idle and absolute limits from the claims (S31)", async () => {
    const customer = await makeCustomer();
    const browser = await signIn(customer, false);
    advanceClock(31 * MINUTE);
    expect(await customerOfSession(browser)).toBeUndefined();
    resetClock();
    const remembered = await signIn(customer, true);
    advanceClock(6 * 24 * HOUR);
    expect(await customerOfSession({ ...remembered, lastSeen: remembered.lastSeen + 6 * 24 * HOUR })).toBeDefined();
    advanceClock(25 * 24 * HOUR);
    expect(await customerOfSession({ ...remembered, lastSeen: Date.now() + 31 * 24 * HOUR - 60_000 })).toBeUndefined();
  });

  it("refuses claims naming another customer, or a session that does not exist", async () => {
    const customer = await makeCustomer();
    const someoneElse = await makeCustomer();
    const session = await signIn(customer);
    expect(await customerOfSession({ ...session, sub: someoneElse.id })).toBeUndefined();
    expect(await customerOfSession({ ...session, sub: "not-a-uuid" })).toBeUndefined();
    expect(await customerOfSession({ ...session, sid: "no-such-session" })).toBeUndefined();
  });

  it("checks every request against the database: checks at once each find their own customer, and the first check after a sign-out refuses (S23, S33)", async () => {
    const customers = await Promise.all([makeCustomer(), makeCustomer(), makeCustomer()]);
    const sessions = await Promise.all(customers.map((customer) => signIn(customer)));
    // Issue 25: the check is a prepared query; twelve at once, in an order nobody chose, each get the customer of their own claims.
    const checks = sessions.flatMap((session, index) => Array.from({ length: 4 }, () => customerOfSession(session).then((found) => [index, found?.id] as const)));
    for (const [index, id] of await Promise.all(checks)) expect(id).toBe(customers[index].id);
    const [signedOut, ...others] = sessions;
    await endSession(signedOut.sid);
    const after = await Promise.all([customerOfSession(signedOut), customerOfSession(signedOut), ...others.map((session) => customerOfSession(session))]);
    expect(after.map((found) => found?.id)).toEqual([undefined, undefined, customers[1].id, customers[2].id]);
  });
});
