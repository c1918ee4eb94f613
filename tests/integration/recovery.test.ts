jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, eq, gt, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { cancelEmailChange } from "@/lib/account/email-change";
import { requestEmailChange } from "@/lib/account/email-change-request";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { changePassword } from "@/lib/auth/change-password";
import { decideExternalSignIn, linkExternalIdentity } from "@/lib/auth/external-sign-in";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { recoverAccount, RECOVERY_RULES, type RecoveryPath } from "@/lib/auth/recovery";
import { createUndoWayInLink, undoWayIn } from "@/lib/auth/undo-way-in";
import { customerOfSession, liveSessionsOf, startSession } from "@/lib/auth/sessions";
import { finishSignIn } from "@/lib/auth/finish-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { beginAuthenticatorSetUp, hasAuthenticatorApp, pendingAuthenticatorSetUp } from "@/lib/auth/two-step/authenticator-app";
import { resetTwoStep, turnOnAuthenticatorApp } from "@/lib/auth/two-step/manage";
import { recoveryCodesLeft } from "@/lib/auth/two-step/recovery-codes";
import { connectingSessionId, sessionAfterExternalSignIn, sessionAtExternalSignIn } from "@/lib/auth/two-step/external-sign-in";
import { passSecondStep, startSecondStepIfNeeded } from "@/lib/auth/two-step/second-step";
import { sealSession, sessionCookieName } from "@/lib/auth/session-cookie";
import { rememberBrowser, trustedBrowserCookieName } from "@/lib/auth/two-step/trusted-browser";
import { advanceClock, MINUTE, now, SECOND } from "@/lib/clock";
import { db } from "@/lib/db";
import { accounts, auditLog, emailChanges, outbox, passwordResetTokens, signInChallenges, trustedBrowsers, verifiedSessions, type Customer } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { connectProviderAction, signOutEverywhereAction, signOutOtherDevicesAction } from "@/app/account/actions";
import { startMethodSetUpAction } from "@/app/account/two-step/actions";
import { signInAction } from "@/app/signin/actions";
import { requirePasswordReset, setNewBrowserAlerts } from "@/lib/customers/customers";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { notMeToken, ownerResets, passkeySignIn, type Person, withRecoveryTest } from "../support/recovery";
import { addSoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel } from "../support/test-database";
import { mailedCode, withEmailCodes } from "../support/two-step";

/**
 * Issue 22, S49: taking an account back is whole. A thief who has the password adds a way in of
 * their own; whatever recovery path the owner takes, nothing the thief added opens the account
 * afterwards, and while password sign-in waits for a reset no other method signs in.
 */
const receiver = withRecoveryTest();

/** A session that passed every step the account has (the thief knew the password and got past the second step, or had none to take). */
async function fullSession(person: Pick<Person, "id" | "sessionVersion">) {
  const claims = await startSession(person, false, freshMeta());
  await (await db()).insert(verifiedSessions).values({ sessionId: claims.sid, method: "email_code", verifiedAt: now() });
  return claims;
}

/** The thief, with the password: signs in, then asks to move the address; returns the owner's "This wasn't me" token. */
async function thiefAsksToMoveTheAddress(owner: Person, session: Awaited<ReturnType<typeof startSession>>) {
  const outcome = await requestEmailChange(await reloadCustomer(owner.id), session, { newEmail: `thief.${owner.email}`, currentPassword: owner.password }, freshMeta(), "en");
  expect(outcome).toEqual({ ok: true });
  return notMeToken(owner);
}

function middleOfStep() {
  advanceClock(15 * SECOND - (now().getTime() % (30 * SECOND)));
}

function totpCode(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: now().getTime() });
}

describe(`recovery removes what the thief added, on ${testDatabaseLabel()} (issue 22)`, () => {
  it("a thief's passkey, added with the password alone, is removed by \"This wasn't me\" and never signs in again, also after the reset (item 2)", async () => {
    const owner = await makeCustomer();
    const ownersPasskey = await addSoftwarePasskey(owner.id, "Owner's laptop");
    advanceClock(MINUTE);
    const thiefSession = await startSession(owner, false, freshMeta());
    advanceClock(MINUTE);
    const thiefsPasskey = await addSoftwarePasskey(owner.id);
    expect((await passkeySignIn(thiefsPasskey))?.id).toBe(owner.id);
    advanceClock(MINUTE);
    const notMe = await thiefAsksToMoveTheAddress(owner, thiefSession);

    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await passkeySignIn(thiefsPasskey)).toBeNull();
    // S49: while password sign-in waits for the reset, the owner's own passkey does not open the account either.
    expect(await passkeySignIn(ownersPasskey)).toBeNull();
    expect(await liveSessionsOf(owner.id)).toEqual([]);

    await ownerResets(receiver, owner);
    expect(await passkeySignIn(thiefsPasskey)).toBeNull();
    expect((await passkeySignIn(ownersPasskey))?.id).toBe(owner.id);
  });

  it("a thief's authenticator app and its recovery codes are removed by \"This wasn't me\": after the reset the owner signs in without them (item 3)", async () => {
    const owner = await makeCustomer();
    middleOfStep();
    const thiefSession = await fullSession(owner);
    expect(await beginAuthenticatorSetUp(owner)).toBe(true);
    const secret = (await pendingAuthenticatorSetUp(owner))!.secret.replace(/\s/g, "");
    const turnedOn = await turnOnAuthenticatorApp({ customer: await reloadCustomer(owner.id), meta: freshMeta(), locale: null }, totpCode(secret));
    expect(turnedOn).toMatchObject({ ok: true });
    const notMe = await thiefAsksToMoveTheAddress(owner, thiefSession);

    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });
    expect(await hasAuthenticatorApp(owner.id)).toBe(false);
    expect(await recoveryCodesLeft(owner.id)).toBe(0);

    const password = await ownerResets(receiver, owner);
    const signedIn = await signInWithPassword(owner.username, password, freshMeta());
    if (!signedIn.ok) throw new Error("the owner's new password did not sign in");
    expect(await startSecondStepIfNeeded(signedIn.customer, false, "en")).toBe(false);
  });

  it("an external identity cannot sign in while password sign-in waits for a reset, and one the thief connected is gone after \"This wasn't me\"", async () => {
    const owner = await makeCustomer();
    await (await db()).insert(accounts).values({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: "owner-sub" });
    advanceClock(MINUTE);
    const thiefSession = await startSession(owner, false, freshMeta());
    await (await db()).insert(accounts).values({ userId: owner.id, type: "oidc", provider: "other", providerAccountId: "thief-sub" });
    const { recordAudit } = await import("@/lib/audit");
    await recordAudit({ event: "external_account_connected", customerId: owner.id, details: { provider: "other" } });
    const notMe = await thiefAsksToMoveTheAddress(owner, thiefSession);
    expect(await cancelEmailChange(notMe, freshMeta(), "en")).toMatchObject({ ok: true });

    const linked = await (await db()).select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, owner.id));
    expect(linked.map((row) => row.provider)).toEqual(["corp"]);
    expect(await decideExternalSignIn({ provider: "corp", providerAccountId: "owner-sub", emailVerified: true }, "none")).toEqual({ ok: false, reason: "reset_required" });
    await ownerResets(receiver, owner);
    expect(await decideExternalSignIn({ provider: "corp", providerAccountId: "owner-sub", emailVerified: true }, "none")).toEqual({ ok: true });
  });

  it("a sign-in waiting at its second step with the old password cannot finish once the owner changes the password, and remembered browsers end (item 4)", async () => {
    const owner = await withEmailCodes();
    // The thief typed the right (old) password in their browser and waits for the code.
    request.cookies.clear();
    expect(await startSecondStepIfNeeded(await reloadCustomer(owner.id), false, "en")).toBe(true);
    const thiefsBrowser = new Map(request.cookies);
    const code = await mailedCode(owner);
    await rememberBrowser(await reloadCustomer(owner.id), freshMeta());

    // The owner, signed in elsewhere, changes the password.
    request.cookies.clear();
    const ownerSession = await fullSession(owner);
    const changed = await changePassword(await reloadCustomer(owner.id), ownerSession, owner.password, "a wholly different lighthouse keeper", freshMeta(), "en");
    expect(changed).toEqual({ ok: true });

    request.cookies.clear();
    for (const [name, value] of thiefsBrowser) request.cookies.set(name, value);
    expect(await passSecondStep("email_code", code, freshMeta(), null)).toEqual({ ok: false, reason: "expired" });
    expect(await (await db()).select().from(trustedBrowsers).where(and(eq(trustedBrowsers.customerId, owner.id), isNull(trustedBrowsers.revokedAt)))).toEqual([]);
    // The owner's own session goes on.
    expect((await liveSessionsOf(owner.id)).map((session) => session.id)).toEqual([ownerSession.sid]);
  });

  it("an external sign-in reaching Auth.js's last step after a recovery makes no session: the Connect's session ended, the identity removed, or password sign-in waiting for its reset (S49)", async () => {
    const owner = await makeCustomer();
    const someoneElse = await makeCustomer();
    advanceClock(MINUTE);
    const connecting = await fullSession(owner);
    const cookie = await sealSession(connecting);
    // The session "Connect" came from: this customer's, live or not; never another's.
    expect(await connectingSessionId(cookie, owner.id)).toBe(connecting.sid);
    expect(await connectingSessionId(cookie, someoneElse.id)).toBeUndefined();
    expect(await connectingSessionId(undefined, owner.id)).toBeUndefined();
    expect(await connectingSessionId("not a session", owner.id)).toBeUndefined();

    const identity = { provider: "corp", providerAccountId: `thief-${owner.id}` };
    await linkExternalIdentity({ userId: owner.id, type: "oidc", ...identity }, connecting.sid, freshMeta());
    request.cookies.clear();
    // The owner signs out everywhere before the provider's answer reaches the jwt callback.
    await (await db()).transaction((tx) => recoverAccount(tx, owner.id, "sign_out_everywhere"));
    expect(await sessionAfterExternalSignIn(owner.id, identity, cookie, freshMeta())).toBeNull();
    // (Without that cookie, the identity, still linked, signs in: the refusals below are each their own.)
    expect(await sessionAfterExternalSignIn(owner.id, identity, undefined, freshMeta())).not.toBeNull();

    await (await db()).delete(accounts).where(eq(accounts.userId, owner.id));
    expect(await sessionAfterExternalSignIn(owner.id, identity, undefined, freshMeta())).toBeNull();

    await linkExternalIdentity({ userId: owner.id, type: "oidc", ...identity }, undefined, freshMeta());
    // A lockout's block (a stranger's wrong passwords) leaves the owner's live session connecting as it was.
    const live = await fullSession(await reloadCustomer(owner.id));
    await (await db()).transaction((tx) => requirePasswordReset(tx, owner.id));
    expect(await sessionAfterExternalSignIn(owner.id, identity, await sealSession(live), freshMeta())).toMatchObject({ sid: live.sid });
    expect(await sessionAfterExternalSignIn(owner.id, identity, undefined, freshMeta())).toBeNull();

    // Joined by email while the account waits for its reset: not written, nor audited, nor mailed.
    await (await db()).delete(accounts).where(eq(accounts.userId, owner.id));
    const audited = async () => (await (await db()).select().from(auditLog).where(and(eq(auditLog.customerId, owner.id), eq(auditLog.event, "external_account_connected")))).length;
    const [auditedBefore, outboxBefore] = [await audited(), (await (await db()).select().from(outbox)).length];
    await expect(linkExternalIdentity({ userId: owner.id, type: "oidc", ...identity }, undefined, freshMeta())).rejects.toThrow();
    expect(await (await db()).select().from(accounts).where(eq(accounts.userId, owner.id))).toEqual([]);
    expect([await audited(), (await (await db()).select().from(outbox)).length]).toEqual([auditedBefore, outboxBefore]);
  });

  it("a sign-in that passed its second step just before the owner signed out everywhere remembers no browser, and its session counts for nothing; racing it, none stays remembered (S49)", async () => {
    const owner = await withEmailCodes();
    const rememberedNow = async () => (await (await db()).select().from(trustedBrowsers).where(and(eq(trustedBrowsers.customerId, owner.id), isNull(trustedBrowsers.revokedAt)))).length;
    const thiefsFinish = (customer: Customer) => finishSignIn(customer, { by: "second_step", method: "email_code", rememberBrowser: true, external: null }, { remember: false, meta: freshMeta() });
    // The thief's code was right; the sign-in read the account, then the owner signed out everywhere.
    const seenBySignIn = await reloadCustomer(owner.id);
    await (await db()).transaction((tx) => recoverAccount(tx, owner.id, "sign_out_everywhere"));
    request.cookies.clear();
    const claims = await thiefsFinish(seenBySignIn);
    expect(await rememberedNow()).toBe(0);
    expect(request.cookies.get(trustedBrowserCookieName())).toBeUndefined();
    expect(await customerOfSession(claims)).toBeUndefined();

    // At once: whichever runs first, no browser of the thief's stays remembered.
    for (let round = 0; round < 3; round += 1) {
      request.cookies.clear();
      const customer = await reloadCustomer(owner.id);
      await Promise.all([thiefsFinish(customer), (await db()).transaction((tx) => recoverAccount(tx, owner.id, "sign_out_everywhere"))]);
      expect(await rememberedNow()).toBe(0);
    }
  });
});

describe(`the recovery table holds for every path, on ${testDatabaseLabel()} (issue 22, S49)`, () => {
  /** An account with everything a recovery path may end: two sessions, a pending second step, a remembered browser, a reset link. */
  async function accountInUse() {
    const owner = await withEmailCodes();
    const kept = await fullSession(owner);
    const other = await startSession(owner, false, freshMeta());
    request.cookies.clear();
    await startSecondStepIfNeeded(await reloadCustomer(owner.id), false, "en");
    await rememberBrowser(await reloadCustomer(owner.id), freshMeta());
    await requestPasswordReset(owner.email, freshMeta(), "en");
    // Whoever was in turned off the mail about new browsers.
    await setNewBrowserAlerts(owner.id, false);
    // A thief's session asks to move the address; its link to the new address waits.
    const thiefs = await fullSession(owner);
    expect(await requestEmailChange(await reloadCustomer(owner.id), thiefs, { newEmail: `thief.${owner.email}`, currentPassword: owner.password }, freshMeta(), "en")).toEqual({ ok: true });
    await backgroundWork().run();
    request.cookies.clear();
    return { owner, kept, other };
  }

  async function whatIsLeft(owner: Person) {
    const database = await db();
    const sessionsLeft = (await liveSessionsOf(owner.id)).map((session) => session.id);
    const pending = await database.select().from(signInChallenges).where(and(eq(signInChallenges.customerId, owner.id), isNull(signInChallenges.usedAt)));
    const browsers = await database.select().from(trustedBrowsers).where(and(eq(trustedBrowsers.customerId, owner.id), isNull(trustedBrowsers.revokedAt)));
    const links = await database.select().from(passwordResetTokens).where(and(eq(passwordResetTokens.customerId, owner.id), isNull(passwordResetTokens.usedAt)));
    const changes = await database
      .select()
      .from(emailChanges)
      .where(and(eq(emailChanges.customerId, owner.id), isNull(emailChanges.completedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.confirmExpiresAt, now())));
    const account = await reloadCustomer(owner.id);
    return {
      sessions: sessionsLeft,
      pendingSecondSteps: pending.length,
      rememberedBrowsers: browsers.length,
      resetLinks: links.length,
      emailChangesToConfirm: changes.length,
      blocked: account.passwordSignInBlocked,
      newBrowserAlerts: account.newBrowserAlerts,
    };
  }

  const paths: [RecoveryPath, (account: Awaited<ReturnType<typeof accountInUse>>) => Promise<void>][] = [
    ["email_change_cancelled", async ({ owner, kept }) => void (await cancelEmailChange(await thiefAsksToMoveTheAddress(owner, kept), freshMeta(), "en"))],
    [
      "way_in_not_me",
      async ({ owner }) => {
        const link = await (await db()).transaction((tx) => createUndoWayInLink(tx, owner.id, "passkey", "a-passkey-of-the-thief", now()));
        expect(await undoWayIn(link.split("/").pop(), freshMeta())).toMatchObject({ ok: true });
      },
    ],
    ["password_changed", async ({ owner, kept }) => void (await changePassword(await reloadCustomer(owner.id), kept, owner.password, "a wholly different lighthouse keeper", freshMeta(), "en"))],
    [
      "sign_out_everywhere",
      async ({ owner, kept }) => {
        const { sealSession, sessionCookieName } = await import("@/lib/auth/session-cookie");
        request.cookies.set(sessionCookieName(), await sealSession({ ...kept, sv: (await reloadCustomer(owner.id)).sessionVersion }));
        expect(await answerOf(signOutEverywhereAction(form({})))).toBe("redirect /signin");
      },
    ],
    [
      "sign_out_other_devices",
      async ({ owner, kept }) => {
        const { sealSession, sessionCookieName } = await import("@/lib/auth/session-cookie");
        request.cookies.set(sessionCookieName(), await sealSession({ ...kept, sv: (await reloadCustomer(owner.id)).sessionVersion }));
        expect(await answerOf(signOutOtherDevicesAction(form({})))).toBe("redirect /account?device=others-signed-out#devices-heading");
      },
    ],
    ["two_step_reset", async ({ owner }) => void (await resetTwoStep(await reloadCustomer(owner.id), { actorId: null }))],
    ["disabled", async ({ owner }) => setAccountDisabled(owner.id, true)],
  ];

  it.each(paths)("%s ends and removes what the table says", async (path, run) => {
    const account = await accountInUse();
    expect(await whatIsLeft(account.owner)).toMatchObject({ pendingSecondSteps: 1, rememberedBrowsers: 1, resetLinks: 1, emailChangesToConfirm: 1 });
    await run(account);
    const rule = RECOVERY_RULES[path];
    const left = await whatIsLeft(account.owner);
    expect(left.sessions).toEqual(rule.sessions === "others" ? [account.kept.sid] : []);
    expect(left.pendingSecondSteps).toBe(rule.pendingSecondSteps ? 0 : 1);
    expect(left.rememberedBrowsers).toBe(rule.rememberedBrowsers ? 0 : 1);
    // The email change's own mail adds no reset link; a path that keeps them keeps the one there was.
    expect(left.resetLinks).toBe(rule.resetLinks ? 0 : 1);
    expect(left.blocked).toBe(rule.blockPassword);
    // On every path: the thief's change can no longer be confirmed.
    expect(left.emailChangesToConfirm).toBe(0);
    // Where password sign-in waits for a reset, the mail about new browsers is on again.
    expect(left.newBrowserAlerts).toBe(rule.blockPassword);
  });

  it("password_reset ends every session, pending second step, remembered browser and other reset link, and lifts the block", async () => {
    const account = await accountInUse();
    await ownerResets(receiver, account.owner);
    const rule = RECOVERY_RULES.password_reset;
    const left = await whatIsLeft(account.owner);
    expect(left).toEqual({ sessions: [], pendingSecondSteps: rule.pendingSecondSteps ? 0 : 1, rememberedBrowsers: 0, resetLinks: 0, emailChangesToConfirm: 0, blocked: false, newBrowserAlerts: false });
  });
});

describe(`adding a way in needs a recent, full sign-in, on ${testDatabaseLabel()} (issue 22, item 1, S48)`, () => {
  const again = "redirect /signin?again=account&callbackUrl=%2Faccount%23external-heading";

  it("\"Connect\" from a session signed in 11 minutes ago is sent to sign in again, and its way back from the provider is refused", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    expect(await answerOf(connectProviderAction(form({ provider: "none-configured" })))).toBe("redirect /account");
    advanceClock(11 * MINUTE);
    expect(await answerOf(connectProviderAction(form({ provider: "none-configured" })))).toBe(again);
    // The provider's callback (auth.ts) asks the same of the session it finds, and refuses a new link.
    const current = await sessionAtExternalSignIn(request.cookies.get(sessionCookieName()));
    expect(current).toMatchObject({ state: "live", mayAddWayIn: false });
    expect(await decideExternalSignIn({ provider: "corp", providerAccountId: "thief-sub", email: "thief@idp.test", emailVerified: true }, "not_recent")).toEqual({ ok: false, reason: "reauthenticate" });
    // An identity the customer already has only signs in; auth.ts keeps the session as it was.
    await (await db()).insert(accounts).values({ userId: customer.id, type: "oidc", provider: "corp", providerAccountId: "own-sub" });
    expect(await decideExternalSignIn({ provider: "corp", providerAccountId: "own-sub", emailVerified: true }, "not_recent")).toEqual({ ok: true });
  });

  it("a fresh session that skipped the second step (remembered browser) may not connect an identity or change two-step verification", async () => {
    const customer = await withEmailCodes();
    await actAs(customer, { twoStep: false });
    expect(await answerOf(connectProviderAction(form({ provider: "none-configured" })))).toBe(again);
    expect(await answerOf(startMethodSetUpAction(form({ method: "authenticator_app" })))).toBe("redirect /signin?again=two-step&callbackUrl=%2Faccount%23two-step-heading");
    expect(await sessionAtExternalSignIn(request.cookies.get(sessionCookieName()))).toMatchObject({ state: "live", mayAddWayIn: false });
    await actAs(customer);
    expect(await sessionAtExternalSignIn(request.cookies.get(sessionCookieName()))).toMatchObject({ state: "live", mayAddWayIn: true });
  });

  it("changing the password or the email address from a session signed in 11 minutes ago, or one that skipped the second step, asks for a sign-in first", async () => {
    const customer = await makeCustomer();
    const session = await startSession(customer, false, freshMeta());
    advanceClock(11 * MINUTE);
    const current = await reloadCustomer(customer.id);
    expect(await changePassword(current, session, customer.password, "a wholly different lighthouse keeper", freshMeta(), "en")).toEqual({ ok: false, reason: "reauthenticate" });
    expect(await requestEmailChange(current, session, { newEmail: `thief.${customer.email}`, currentPassword: customer.password }, freshMeta(), "en")).toEqual({ ok: false, reason: "reauthenticate" });
    // Refused before the password is checked: nothing counted against the owner.
    expect((await reloadCustomer(customer.id)).failedSignIns).toBe(0);

    const withCodes = await withEmailCodes();
    const skipped = await actAs(withCodes, { twoStep: false });
    expect(await changePassword(await reloadCustomer(withCodes.id), skipped!, withCodes.password, "a wholly different lighthouse keeper", freshMeta(), "en")).toEqual({ ok: false, reason: "reauthenticate" });
    const passed = await actAs(withCodes);
    expect(await changePassword(await reloadCustomer(withCodes.id), passed!, withCodes.password, "a wholly different lighthouse keeper", freshMeta(), "en")).toEqual({ ok: true });
  });

  it("signing in again from a signed-in, remembered browser asks the second step; a first sign-in there skips it", async () => {
    const customer = await withEmailCodes();
    const signIn = () => answerOf(signInAction({ status: "idle" }, form({ username: customer.username, password: customer.password, callbackUrl: "/account" })));
    request.cookies.clear();
    await rememberBrowser(await reloadCustomer(customer.id), freshMeta());
    expect(await signIn()).toBe("redirect /account");
    const remembered = new Map(request.cookies);
    await actAs(customer, { twoStep: false });
    for (const [name, value] of remembered) if (name !== sessionCookieName()) request.cookies.set(name, value);
    expect(await signIn()).toBe("redirect /signin/two-step?callbackUrl=%2Faccount");
  });
});
