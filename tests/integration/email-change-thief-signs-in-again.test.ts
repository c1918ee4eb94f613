jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { eq } from "drizzle-orm";
import { cancelEmailChange } from "@/lib/account/email-change";
import { browserCookieName } from "@/lib/auth/known-browsers";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { liveSessionsOf } from "@/lib/auth/sessions";
import { advanceClock, DAY, HOUR, MINUTE } from "@/lib/clock";
import { db } from "@/lib/db";
import { passkeys } from "@/lib/db/schema";
import { requestEmailChangeAction } from "@/app/account/email/actions";
import { addPasskeyAction, passkeyRegistrationOptionsAction } from "@/app/account/two-step/actions";
import { signInAction } from "@/app/signin/actions";
import { freshMeta, makeCustomer } from "../support/customers";
import { notMeToken, withRecoveryTest } from "../support/recovery";
import { request } from "../support/request-mocks";
import { answerOf, form } from "../support/server-actions";
import { addSoftwarePasskey, registerSoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel } from "../support/test-database";

/**
 * The email change's "This wasn't me" removes what a thief added even when the thief, after adding
 * a passkey, signed in again with the password alone and asked for the move from that new session
 * (whose own trust starts after the passkey): it reaches back to when the asking browser, or any
 * browser new on the account in the 30 days before the request, was first seen (F1, S49: the thief
 * may ask from a fresh browser). Every step goes through the portal's own actions.
 */
withRecoveryTest();

type Person = Awaited<ReturnType<typeof makeCustomer>>;
const idle = { status: "idle" } as const;

/** "Sign in" with the password from the browser whose cookies are in the jar. */
async function passwordSignIn(person: Person) {
  expect(await answerOf(signInAction(idle, form({ username: person.username, password: person.password, callbackUrl: "/account" })))).toBe("redirect /account");
}

async function addPasskeyHere(person: Person, name: string): Promise<string> {
  const options = (await passkeyRegistrationOptionsAction(idle, form({}))) as { values?: { options?: string } };
  const { passkey, registration } = registerSoftwarePasskey(person.id, options.values!.options!);
  expect(await answerOf(addPasskeyAction(idle, form({ name, response: registration })))).toMatch(/^redirect \/account/);
  return passkey.id;
}

async function askToMoveTheAddress(owner: Person): Promise<string> {
  expect(await answerOf(requestEmailChangeAction(idle, form({ newEmail: `thief.${owner.email}`, currentPassword: owner.password })))).toBe("redirect /account/email?sent=1");
  return notMeToken(owner);
}

async function passkeysOf(person: Person): Promise<string[]> {
  return (await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, person.id))).map((row) => row.id).sort();
}

describe(`"This wasn't me" on an email change after the thief signed in again with the password, on ${testDatabaseLabel()}`, () => {
  it("the passkey the thief added from an earlier session in the same browser is removed; the owner's passkey from before stays", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);

    // The thief's browser: sign in with the password, add a passkey, leave.
    request.cookies.clear();
    await passwordSignIn(owner);
    expect(request.cookies.has(browserCookieName())).toBe(true);
    advanceClock(MINUTE);
    const thiefsPasskey = await addPasskeyHere(owner, "Thief's phone");
    request.cookies.delete(sessionCookieName());
    advanceClock(10 * MINUTE);

    // Later, the same browser signs in with the password alone and asks for the move.
    await passwordSignIn(owner);
    advanceClock(MINUTE);
    const notMe = await askToMoveTheAddress(owner);
    expect(await passkeysOf(owner)).toEqual([ownersPasskey.id, thiefsPasskey].sort());

    request.cookies.clear();
    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await passkeysOf(owner)).toEqual([ownersPasskey.id]);
    expect(await liveSessionsOf(owner.id)).toEqual([]);
  });

  it("the passkey the thief added from another browser is removed when the thief asks from a fresh one; the owner's older ways in stay", async () => {
    const owner = await makeCustomer();
    // The owner's browser, seen on the account long before the thief had the password, and a passkey added from it.
    request.cookies.clear();
    await passwordSignIn(owner);
    const ownersPasskey = await addPasskeyHere(owner, "Owner's phone");
    request.cookies.delete(sessionCookieName());
    advanceClock(40 * DAY);

    // The thief's browser B: sign in with the password, add a passkey, sign out.
    request.cookies.clear();
    await passwordSignIn(owner);
    advanceClock(MINUTE);
    const thiefsPasskey = await addPasskeyHere(owner, "Thief's phone");
    request.cookies.delete(sessionCookieName());
    advanceClock(HOUR);

    // Later, from browser C (a fresh profile: no cookies), the password alone, and the move at once.
    request.cookies.clear();
    await passwordSignIn(owner);
    advanceClock(MINUTE);
    const notMe = await askToMoveTheAddress(owner);
    expect(await passkeysOf(owner)).toEqual([ownersPasskey, thiefsPasskey].sort());

    request.cookies.clear();
    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await passkeysOf(owner)).toEqual([ownersPasskey]);
    expect(await liveSessionsOf(owner.id)).toEqual([]);
  });

  it("a browser first seen on the account within the 30 days before the request counts, even the owner's: what was added from it goes", async () => {
    const owner = await makeCustomer();
    const ownersOldPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    // A browser new on the account a week before the request, and a passkey added from it.
    request.cookies.clear();
    await passwordSignIn(owner);
    const recentPasskey = await addPasskeyHere(owner, "Phone");
    request.cookies.delete(sessionCookieName());
    advanceClock(7 * DAY);

    // The request from a fresh browser.
    request.cookies.clear();
    await passwordSignIn(owner);
    advanceClock(MINUTE);
    const notMe = await askToMoveTheAddress(owner);

    request.cookies.clear();
    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    const left = await passkeysOf(owner);
    expect(left).toEqual([ownersOldPasskey.id]);
    expect(left).not.toContain(recentPasskey);
  });
});
