import { reloadConfig } from "@/lib/config";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { requirePasswordReset } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { createExternalCustomer, decideExternalSignIn, disconnectProvider, linkedProviders } from "@/lib/auth/external-sign-in";
import { freshMeta, makeCustomer } from "../support/customers";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();

function settings(values: { link?: boolean; registration?: boolean }) {
  process.env.EXTERNAL_LINK_BY_EMAIL = values.link ? "1" : "0";
  process.env.EXTERNAL_REGISTRATION = values.registration ? "1" : "0";
  reloadConfig();
}
afterAll(() => {
  delete process.env.EXTERNAL_LINK_BY_EMAIL;
  delete process.env.EXTERNAL_REGISTRATION;
  reloadConfig();
});

const corp = { id: "corp", name: "Contoso staff" };

async function link(customerId: string, provider: string, providerAccountId: string) {
  await (await db()).insert(accounts).values({ userId: customerId, type: "oidc", provider, providerAccountId });
}

const identity = (email: string | null, emailVerified = true, providerAccountId = `sub-${Math.random()}`) => ({
  provider: "corp",
  providerAccountId,
  email,
  emailVerified,
});

describe(`the linking rules for external accounts, on ${testDatabaseLabel()}`, () => {
  it("signs in an identity that is already linked, unless its customer is disabled", async () => {
    settings({});
    const customer = await makeCustomer();
    await link(customer.id, "corp", "linked-sub");
    expect(await decideExternalSignIn(identity("someone@else.test", false, "linked-sub"), "none")).toEqual({ ok: true });
    await setAccountDisabled(customer.id, true);
    expect(await decideExternalSignIn(identity("someone@else.test", false, "linked-sub"), "none")).toEqual({ ok: false, reason: "account_disabled" });
  });

  it("links to an existing customer by email only when the address is verified and linking is allowed", async () => {
    const customer = await makeCustomer();
    settings({ link: false, registration: true });
    expect(await decideExternalSignIn(identity(customer.email), "none")).toEqual({ ok: false, reason: "not_connected" });
    settings({ link: true, registration: true });
    expect(await decideExternalSignIn(identity(customer.email, false), "none")).toEqual({ ok: false, reason: "not_connected" });
    expect(await decideExternalSignIn(identity(customer.email.toUpperCase(), true), "none")).toEqual({ ok: true });
  });

  it("does not link by email to an account whose password sign-in waits for a reset (S49), and tells only the address's holder why", async () => {
    const customer = await makeCustomer();
    await (await db()).transaction((tx) => requirePasswordReset(tx, customer.id));
    settings({ link: true, registration: true });
    expect(await decideExternalSignIn(identity(customer.email, true), "none")).toEqual({ ok: false, reason: "reset_required" });
    // An address the provider does not vouch for learns nothing of the account.
    expect(await decideExternalSignIn(identity(customer.email, false), "none")).toEqual({ ok: false, reason: "not_connected" });
    settings({ link: false, registration: true });
    expect(await decideExternalSignIn(identity(customer.email, true), "none")).toEqual({ ok: false, reason: "not_connected" });
  });

  it("refuses an unknown address and a known, unlinked one with the same answer (no enumeration)", async () => {
    const customer = await makeCustomer();
    const disabled = await makeCustomer();
    await setAccountDisabled(disabled.id, true);
    settings({ link: false, registration: false });
    const answers = await Promise.all([
      decideExternalSignIn(identity(customer.email), "none"),
      decideExternalSignIn(identity("nobody.here@idp.test"), "none"),
      decideExternalSignIn(identity(disabled.email), "none"),
    ]);
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "not_connected" });
  });

  it("creates a customer only when registration by external accounts is allowed", async () => {
    settings({ registration: false });
    expect(await decideExternalSignIn(identity("brand.new@idp.test"), "none")).toEqual({ ok: false, reason: "not_connected" });
    settings({ registration: true });
    expect(await decideExternalSignIn(identity("brand.new@idp.test"), "none")).toEqual({ ok: true });
    expect(await decideExternalSignIn(identity(null), "none")).toEqual({ ok: false, reason: "email_missing" });
  });

  it("lets a live session connect any identity, and never an ended one (S23, S33)", async () => {
    settings({});
    expect(await decideExternalSignIn(identity("whoever@idp.test"), "live")).toEqual({ ok: true });
    expect(await decideExternalSignIn(identity("whoever@idp.test"), "ended")).toEqual({ ok: false, reason: "session_ended" });
  });

  it("gives a new external customer a unique username from the email", async () => {
    const existing = await makeCustomer();
    const created = await createExternalCustomer({ id: "", email: `${existing.username}@Other.Test`, emailVerified: null, name: "Ext" });
    expect(created.email).toBe(`${existing.username}@other.test`);
    const row = created as unknown as { username: string; passwordHash: string | null };
    expect(row.username).not.toBe(existing.username);
    expect(row.username.startsWith(existing.username)).toBe(true);
    expect(row.passwordHash).toBeNull();
  });

  it("refuses to disconnect the last way to sign in, and allows it when a password exists", async () => {
    const externalOnly = await createExternalCustomer({ id: "", email: "only.external@idp.test", emailVerified: null, name: "Only" });
    await link(externalOnly.id, "corp", "only-sub");
    expect(await disconnectProvider(externalOnly.id, corp, freshMeta())).toEqual({ ok: false, refusal: "last_method" });
    expect(await linkedProviders(externalOnly.id)).toEqual(["corp"]);

    const withPassword = await makeCustomer();
    await link(withPassword.id, "corp", "password-sub");
    expect(await disconnectProvider(withPassword.id, corp, freshMeta())).toEqual({ ok: true });
    expect(await linkedProviders(withPassword.id)).toEqual([]);
  });
});
