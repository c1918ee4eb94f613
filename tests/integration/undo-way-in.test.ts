jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, desc, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { linkExternalIdentity } from "@/lib/auth/external-sign-in";
import { liveSessionsOf, startSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { beginAuthenticatorSetUp, hasAuthenticatorApp, pendingAuthenticatorSetUp } from "@/lib/auth/two-step/authenticator-app";
import { addCustomerPasskey, renewRecoveryCodes, turnOnAuthenticatorApp } from "@/lib/auth/two-step/manage";
import { passkeyRegistrationOptions, passkeySignInOptions, signInWithPasskey } from "@/lib/auth/two-step/passkeys";
import { recoveryCodesLeft } from "@/lib/auth/two-step/recovery-codes";
import { recoverAccount } from "@/lib/auth/recovery";
import { checkUndoWayInLink, createUndoWayInLink, undoWayIn } from "@/lib/auth/undo-way-in";
import { advanceClock, MINUTE, now, resetClock, SECOND } from "@/lib/clock";
import { db } from "@/lib/db";
import { accounts, outbox, passkeys } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { addSoftwarePasskey, registerSoftwarePasskey, type SoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 22, S49: every "a way in was added" notice carries "This wasn't me", with the email
 * change's rules — opening it uses nothing, one press does it, once — and the press removes that
 * way in (and what came after it), ends every session and asks for a reset.
 */
withTestDatabase();
afterEach(() => {
  resetClock();
  request.cookies.clear();
});
afterEach(clearLimits);

type Person = Awaited<ReturnType<typeof makeCustomer>>;

/** The "This wasn't me" token in the newest mail of the template to the customer. */
async function undoTokenIn(person: Person, template: string): Promise<string> {
  const [mail] = await (await db())
    .select({ text: outbox.text })
    .from(outbox)
    .where(and(eq(outbox.recipient, person.email), eq(outbox.template, template)))
    .orderBy(desc(outbox.id))
    .limit(1);
  const token = mail?.text?.match(/\/not-me\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no "This wasn't me" link in the ${template} mail`);
  return token;
}

async function passkeySignIn(passkey: SoftwarePasskey) {
  request.cookies.clear();
  return (await signInWithPasskey(passkey.answer(JSON.stringify(await passkeySignInOptions())))) !== null;
}

/** Presses the link 20 times at once; returns how many presses did it. */
async function pressAtOnce(token: string): Promise<number> {
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => undoWayIn(token, freshMeta())));
  return outcomes.filter((outcome) => outcome.ok).length;
}

async function withAuthenticatorApp(person: Person, sessionId?: string) {
  advanceClock(15 * SECOND - (now().getTime() % (30 * SECOND)));
  expect(await beginAuthenticatorSetUp(person)).toBe(true);
  const secret = (await pendingAuthenticatorSetUp(person))!.secret.replace(/\s/g, "");
  const code = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: now().getTime() });
  expect(await turnOnAuthenticatorApp({ customer: await reloadCustomer(person.id), meta: freshMeta(), locale: null, sessionId }, code)).toMatchObject({ ok: true });
}

describe(`"This wasn't me" in every notice of a way in added, on ${testDatabaseLabel()} (issue 22)`, () => {
  it("an authenticator app's notice: opening the link uses nothing; of 20 presses at once one removes the app, what came after it, and every session", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    await startSession(owner, false, freshMeta());
    await withAuthenticatorApp(owner);
    advanceClock(MINUTE);
    const laterPasskey = await addSoftwarePasskey(owner.id);
    const token = await undoTokenIn(owner, "two-step-changed");

    // Mail scanners open links: opening it (and the page) any number of times changes nothing.
    for (let i = 0; i < 3; i += 1) expect(await checkUndoWayInLink(token, freshMeta(), "link")).toMatchObject({ wayIn: "authenticator_app", customerId: owner.id });
    expect(await hasAuthenticatorApp(owner.id)).toBe(true);

    expect(await pressAtOnce(token)).toBe(1);
    expect(await hasAuthenticatorApp(owner.id)).toBe(false);
    expect(await recoveryCodesLeft(owner.id)).toBe(0);
    expect(await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, owner.id))).toEqual([{ id: ownersPasskey.id }]);
    expect(await liveSessionsOf(owner.id)).toEqual([]);
    // A reset is needed: neither the password nor any passkey signs in until then.
    expect((await reloadCustomer(owner.id)).passwordSignInBlocked).toBe(true);
    expect((await signInWithPassword(owner.username, owner.password, freshMeta())).ok).toBe(false);
    expect(await passkeySignIn(ownersPasskey)).toBe(false);
    expect(await passkeySignIn(laterPasskey)).toBe(false);
    // Used once: later presses and opens find nothing.
    expect(await undoWayIn(token, freshMeta())).toEqual({ ok: false });
    expect(await checkUndoWayInLink(token, freshMeta(), "link")).toBeNull();
  });

  it("a passkey's notice: opening the link uses nothing; of 20 presses at once one removes that passkey and every session, and no passkey signs in until a reset", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    // The thief's passkey through the whole "Add a passkey" path: the ceremony, the audit, the notice.
    const { passkey: thiefsPasskey, registration } = registerSoftwarePasskey(owner.id, JSON.stringify(await passkeyRegistrationOptions(owner)));
    const added = await addCustomerPasskey({ customer: await reloadCustomer(owner.id), meta: freshMeta(), locale: null }, registration, "Thief's phone");
    expect(added?.id).toBe(thiefsPasskey.id);
    expect(await passkeySignIn(thiefsPasskey)).toBe(true);
    await startSession(owner, false, freshMeta());
    const token = await undoTokenIn(owner, "two-step-changed");

    for (let i = 0; i < 3; i += 1) expect(await checkUndoWayInLink(token, freshMeta(), "link")).toMatchObject({ wayIn: "passkey", customerId: owner.id });
    expect((await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, owner.id))).map((row) => row.id).sort()).toEqual([ownersPasskey.id, thiefsPasskey.id].sort());

    expect(await pressAtOnce(token)).toBe(1);
    // The owner's own passkey, added before, stays for after the reset; the thief's is gone.
    expect(await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, owner.id))).toEqual([{ id: ownersPasskey.id }]);
    expect(await liveSessionsOf(owner.id)).toEqual([]);
    expect((await reloadCustomer(owner.id)).passwordSignInBlocked).toBe(true);
    expect((await signInWithPassword(owner.username, owner.password, freshMeta())).ok).toBe(false);
    expect(await passkeySignIn(thiefsPasskey)).toBe(false);
    expect(await passkeySignIn(ownersPasskey)).toBe(false);
    expect(await undoWayIn(token, freshMeta())).toEqual({ ok: false });
  });

  it("an authenticator app's notice reaches back to when the session that turned it on began: a passkey that session added first goes too", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    // The thief signs in with the password, adds a passkey, then turns the app on.
    const thief = await startSession(owner, false, freshMeta());
    advanceClock(MINUTE);
    const { passkey: thiefsPasskey, registration } = registerSoftwarePasskey(owner.id, JSON.stringify(await passkeyRegistrationOptions(owner)));
    expect(await addCustomerPasskey({ customer: await reloadCustomer(owner.id), meta: freshMeta(), locale: null, sessionId: thief.sid }, registration, "Thief's phone")).not.toBeNull();
    advanceClock(MINUTE);
    await withAuthenticatorApp(owner, thief.sid);
    // The owner presses the app's link, the newest notice.
    expect(await pressAtOnce(await undoTokenIn(owner, "two-step-changed"))).toBe(1);
    expect(await hasAuthenticatorApp(owner.id)).toBe(false);
    expect(await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, owner.id))).toEqual([{ id: ownersPasskey.id }]);
    expect(thiefsPasskey.id).not.toBe(ownersPasskey.id);
  });

  it("a passkey whose request was checked before the account was taken back is not added after it, and none survives a recovery racing it (S49)", async () => {
    const owner = await makeCustomer();
    advanceClock(MINUTE);
    const thief = await startSession(owner, false, freshMeta());
    const seenByTheRequest = await reloadCustomer(owner.id);
    const { registration } = registerSoftwarePasskey(owner.id, JSON.stringify(await passkeyRegistrationOptions(owner)));
    // The owner signs out everywhere after the thief's request passed its own session check.
    await (await db()).transaction((tx) => recoverAccount(tx, owner.id, "sign_out_everywhere"));
    expect(await addCustomerPasskey({ customer: seenByTheRequest, meta: freshMeta(), locale: null, sessionId: thief.sid }, registration, "Thief's phone")).toBeNull();
    expect(await (await db()).select().from(passkeys).where(eq(passkeys.customerId, owner.id))).toEqual([]);

    // At once: a thief's add and the owner's "This wasn't me" (removing what was added since the
    // thief's sign-in). Whichever runs first, no passkey of the thief's is left.
    const second = await startSession(owner, false, freshMeta());
    request.cookies.clear();
    const racing = registerSoftwarePasskey(owner.id, JSON.stringify(await passkeyRegistrationOptions(owner)));
    await Promise.all([
      addCustomerPasskey({ customer: await reloadCustomer(owner.id), meta: freshMeta(), locale: null, sessionId: second.sid }, racing.registration, "Thief's tablet"),
      (await db()).transaction((tx) => recoverAccount(tx, owner.id, "way_in_not_me", { since: new Date(now().getTime() - MINUTE) })),
    ]);
    expect(await (await db()).select().from(passkeys).where(eq(passkeys.customerId, owner.id))).toEqual([]);
  });

  it("an identity whose Connect was checked before the account was taken back is not connected after it; one connected just before a recovery is removed by it, audited or not yet (S49)", async () => {
    const owner = await makeCustomer();
    const identity = (subject: string) => ({ userId: owner.id, type: "oidc" as const, provider: "corp", providerAccountId: subject });
    // The owner's own identities of the same provider, imported and connected before any of this: every recovery below keeps them.
    await (await db()).insert(accounts).values(identity("owner-imported-sub"));
    await linkExternalIdentity(identity("owner-sub"), undefined, freshMeta());
    const owners = ["owner-imported-sub", "owner-sub"];
    advanceClock(MINUTE);
    const thief = await startSession(owner, false, freshMeta());
    const connected = async () =>
      (await (await db()).select({ subject: accounts.providerAccountId }).from(accounts).where(eq(accounts.userId, owner.id))).map((row) => row.subject).filter((subject) => !owners.includes(subject));
    // The owner signs out everywhere after the provider sent the thief back (Auth.js's signIn callback passed).
    await (await db()).transaction((tx) => recoverAccount(tx, owner.id, "sign_out_everywhere"));
    await expect(linkExternalIdentity(identity("thief-sub"), thief.sid, freshMeta())).rejects.toThrow();
    expect(await connected()).toEqual([]);

    // Connected while the session was live, before Auth.js's event wrote its audit record: a
    // recovery at that moment still finds it, by the time written with the row.
    advanceClock(MINUTE);
    const second = await startSession(owner, false, freshMeta());
    await linkExternalIdentity(identity("thief-sub"), second.sid, freshMeta());
    expect(await connected()).toEqual(["thief-sub"]);
    await (await db()).transaction((tx) => recoverAccount(tx, owner.id, "way_in_not_me", { since: new Date(now().getTime() - SECOND) }));
    expect(await connected()).toEqual([]);

    // At once: a thief's Connect and the owner's "This wasn't me". Whichever runs first, nothing of the thief's is left.
    advanceClock(MINUTE);
    const third = await startSession(owner, false, freshMeta());
    await Promise.allSettled([
      linkExternalIdentity(identity("thief-sub-2"), third.sid, freshMeta()),
      (await db()).transaction((tx) => recoverAccount(tx, owner.id, "way_in_not_me", { since: new Date(now().getTime() - SECOND) })),
    ]);
    expect(await connected()).toEqual([]);
    const left = await (await db()).select({ subject: accounts.providerAccountId }).from(accounts).where(eq(accounts.userId, owner.id));
    expect(left.map((row) => row.subject).sort()).toEqual(owners);
  });

  it("new recovery codes' notice removes those codes", async () => {
    const owner = await makeCustomer();
    await withAuthenticatorApp(owner);
    advanceClock(MINUTE);
    expect(await renewRecoveryCodes({ customer: await reloadCustomer(owner.id), meta: freshMeta(), locale: null })).toHaveLength(10);
    const token = await undoTokenIn(owner, "two-step-changed");
    expect(await pressAtOnce(token)).toBe(1);
    expect(await recoveryCodesLeft(owner.id)).toBe(0);
    // The app was added before the codes, so it stays; the owner resets and goes on with it.
    expect(await hasAuthenticatorApp(owner.id)).toBe(true);
  });

  it("a connected identity's notice disconnects it, and not the owner's own identities of the same provider, connected or imported (S49)", async () => {
    const owner = await makeCustomer();
    // Imported from Power Pages: a row that keeps no connection time, and no audit record of its connection.
    await (await db()).insert(accounts).values({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: `imported-${owner.id}` });
    advanceClock(2 * MINUTE);
    await linkExternalIdentity({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: `owner-${owner.id}` }, undefined, freshMeta());
    advanceClock(MINUTE);
    await linkExternalIdentity({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: `thief-${owner.id}` }, undefined, freshMeta());
    const token = await undoTokenIn(owner, "security-alert");
    expect(await pressAtOnce(token)).toBe(1);
    const left = await (await db()).select({ subject: accounts.providerAccountId }).from(accounts).where(eq(accounts.userId, owner.id));
    expect(left.map((row) => row.subject).sort()).toEqual([`imported-${owner.id}`, `owner-${owner.id}`]);
    expect((await reloadCustomer(owner.id)).passwordSignInBlocked).toBe(true);
  });

  it("a connected identity's notice mailed before notices named the identity disconnects every identity of its provider", async () => {
    const owner = await makeCustomer();
    await (await db()).insert(accounts).values([
      { userId: owner.id, type: "oidc", provider: "corp", providerAccountId: `one-${owner.id}` },
      { userId: owner.id, type: "oidc", provider: "corp", providerAccountId: `another-${owner.id}` },
      { userId: owner.id, type: "oidc", provider: "other", providerAccountId: `kept-${owner.id}` },
    ]);
    advanceClock(MINUTE);
    const url = await (await db()).transaction((tx) => createUndoWayInLink(tx, owner.id, "external_identity", "corp", now()));
    expect(await pressAtOnce(url.slice(url.lastIndexOf("/") + 1))).toBe(1);
    expect(await (await db()).select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, owner.id))).toEqual([{ provider: "other" }]);
  });

  it("a made-up or another customer's used token does nothing", async () => {
    expect(await undoWayIn("A".repeat(43), freshMeta())).toEqual({ ok: false });
    expect(await undoWayIn("not a token", freshMeta())).toEqual({ ok: false });
    expect(await undoWayIn(undefined, freshMeta())).toEqual({ ok: false });
  });
});
