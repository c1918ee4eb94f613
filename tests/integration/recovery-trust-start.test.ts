jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { eq } from "drizzle-orm";
import { cancelEmailChange } from "@/lib/account/email-change";
import { linkedIdentity, linkExternalIdentity } from "@/lib/auth/external-sign-in";
import { sealSession, sessionCookieName } from "@/lib/auth/session-cookie";
import { liveSessionsOf, startSession, trustStartOf } from "@/lib/auth/sessions";
import { advanceClock, MINUTE, now } from "@/lib/clock";
import { db } from "@/lib/db";
import { accounts, passkeys } from "@/lib/db/schema";
import { requestEmailChangeAction } from "@/app/account/email/actions";
import { addPasskeyAction, passkeyRegistrationOptionsAction } from "@/app/account/two-step/actions";
import { signInAction } from "@/app/signin/actions";
import { passkeyOptionsAction, passkeySignInAction } from "@/app/signin/passkey/actions";
import { freshMeta, makeCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { notMeToken, ownerResets, passkeySignIn, type Person, withRecoveryTest } from "../support/recovery";
import { answerOf, form } from "../support/server-actions";
import { addSoftwarePasskey, registerSoftwarePasskey, type SoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel } from "../support/test-database";

/**
 * Issue 22, S49: recovery removes what was added since the asking session's trust start, not its
 * sign-in. A thief with the password adds a passkey, signs in again with it and asks to move the
 * address from that passkey session: "This wasn't me" must still remove the passkey. Every step
 * goes through the portal's own actions (password sign-in, "Add a passkey", "Sign in with a
 * passkey", "Change email").
 */
const receiver = withRecoveryTest();
const idle = { status: "idle" } as const;

/** A fresh browser signs in with the password ("Sign in"). */
async function passwordSignIn(person: Person) {
  request.cookies.clear();
  expect(await answerOf(signInAction(idle, form({ username: person.username, password: person.password, callbackUrl: "/account" })))).toBe("redirect /account");
}

/** "Add a passkey" from the signed-in browser: the ceremony, the check, the notice. */
async function addPasskeyHere(person: Person, name: string): Promise<SoftwarePasskey> {
  const options = (await passkeyRegistrationOptionsAction(idle, form({}))) as { values?: { options?: string } };
  const { passkey, registration } = registerSoftwarePasskey(person.id, options.values!.options!);
  expect(await answerOf(addPasskeyAction(idle, form({ name, response: registration })))).toMatch(/^redirect \/account/);
  return passkey;
}

/** "Sign in with a passkey" in a fresh browser, through the action that makes the session. */
async function passkeySignInHere(passkey: SoftwarePasskey): Promise<boolean> {
  request.cookies.clear();
  const options = (await passkeyOptionsAction(idle, form({}))) as { values?: { options?: string } };
  return (await answerOf(passkeySignInAction(idle, form({ response: passkey.answer(options.values!.options!) })))).startsWith("redirect ");
}

/** From the signed-in browser, "Change email"; returns the owner's "This wasn't me" token. */
async function askToMoveTheAddress(owner: Person): Promise<string> {
  expect(await answerOf(requestEmailChangeAction(idle, form({ newEmail: `thief.${owner.email}`, currentPassword: owner.password })))).toBe("redirect /account/email?sent=1");
  return notMeToken(owner);
}

async function passkeysOf(person: Person): Promise<string[]> {
  return (await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, person.id))).map((row) => row.id).sort();
}

describe(`recovery reaches back to where the asking session's trust began, on ${testDatabaseLabel()} (issue 22)`, () => {
  it("a thief's passkey, added from a password session and then used to sign in and ask for the move, is removed by \"This wasn't me\"; the owner's older passkey stays", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    await passwordSignIn(owner);
    advanceClock(MINUTE);
    const thiefsPasskey = await addPasskeyHere(owner, "Thief's phone");
    advanceClock(MINUTE);
    expect(await passkeySignInHere(thiefsPasskey)).toBe(true);
    advanceClock(MINUTE);
    const notMe = await askToMoveTheAddress(owner);

    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await passkeysOf(owner)).toEqual([ownersPasskey.id]);
    expect(await liveSessionsOf(owner.id)).toEqual([]);

    await ownerResets(receiver, owner);
    expect(await passkeySignIn(thiefsPasskey)).toBeNull();
    expect((await passkeySignIn(ownersPasskey))?.id).toBe(owner.id);
  });

  it("two hops: passkey A added from a password session, B from a session signed in with A, the move asked from a session signed in with B — both go, the owner's stays", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    await passwordSignIn(owner);
    advanceClock(MINUTE);
    const passkeyA = await addPasskeyHere(owner, "Thief's phone");
    advanceClock(MINUTE);
    expect(await passkeySignInHere(passkeyA)).toBe(true);
    advanceClock(MINUTE);
    const passkeyB = await addPasskeyHere(owner, "Thief's tablet");
    advanceClock(MINUTE);
    expect(await passkeySignInHere(passkeyB)).toBe(true);
    advanceClock(MINUTE);
    const notMe = await askToMoveTheAddress(owner);
    expect(await passkeysOf(owner)).toEqual([ownersPasskey.id, passkeyA.id, passkeyB.id].sort());

    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await passkeysOf(owner)).toEqual([ownersPasskey.id]);
  });

  it("an identity connected from a password session carries its trust start; the move asked from a session signed in with it, \"This wasn't me\" disconnects it", async () => {
    const owner = await makeCustomer();
    advanceClock(MINUTE);
    const connecting = await startSession(owner, false, freshMeta());
    const connectedAt = await trustStartOf(connecting.sid);
    advanceClock(MINUTE);
    await linkExternalIdentity({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: `thief-${owner.id}` }, connecting.sid, freshMeta());
    expect((await linkedIdentity("corp", `thief-${owner.id}`))?.trustStart).toEqual(connectedAt);
    advanceClock(MINUTE);
    // What auth.ts does at a sign-in with that identity.
    const signedInWithIt = await startSession(owner, false, freshMeta(), undefined, (await linkedIdentity("corp", `thief-${owner.id}`))?.trustStart);
    expect(await trustStartOf(signedInWithIt.sid)).toEqual(connectedAt);
    expect(connectedAt!.getTime()).toBeLessThan(now().getTime());
    advanceClock(MINUTE);
    request.cookies.clear();
    request.cookies.set(sessionCookieName(), await sealSession(signedInWithIt));
    const notMe = await askToMoveTheAddress(owner);

    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await (await db()).select().from(accounts).where(eq(accounts.userId, owner.id))).toEqual([]);
  });
});
