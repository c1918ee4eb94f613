import { revokeSessions, setCustomerDisabled } from "@/lib/customers/customers";
import { isSessionLive, newSessionClaims, revokeSession } from "@/lib/auth/sessions";
import { makeCustomer } from "../support/customers";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();

describe(`sessions, on ${testDatabaseLabel()}`, () => {
  it("starts every sign-in with a new session id (S32)", async () => {
    const customer = await makeCustomer();
    expect(newSessionClaims(customer, false).sid).not.toBe(newSessionClaims(customer, false).sid);
  });

  it("rejects a token issued before a session-version bump (S23)", async () => {
    const customer = await makeCustomer();
    const token = newSessionClaims(customer, false);
    expect(await isSessionLive(token)).toBe(true);
    await revokeSessions(customer.id);
    expect(await isSessionLive(token)).toBe(false);
  });

  it("rejects a copied token after its session signed out, leaving the customer's other sessions alone (S33)", async () => {
    const customer = await makeCustomer();
    const signedOut = newSessionClaims(customer, true);
    const other = newSessionClaims(customer, false);
    await revokeSession(signedOut.sid!, true, signedOut.authTime!);
    expect(await isSessionLive(signedOut)).toBe(false);
    expect(await isSessionLive(other)).toBe(true);
  });

  it("ends the sessions of a disabled customer (S33)", async () => {
    const customer = await makeCustomer();
    const token = newSessionClaims(customer, false);
    await setCustomerDisabled(customer.id, true);
    expect(await isSessionLive(token)).toBe(false);
  });

  it("rejects tokens for customers that do not exist or are malformed", async () => {
    expect(await isSessionLive({ sub: "not-a-uuid", sid: "x", sv: 1 })).toBe(false);
    expect(await isSessionLive({ sub: "00000000-0000-4000-8000-000000000000", sid: "x", sv: 1 })).toBe(false);
  });
});
