import { and, eq, isNull } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import type { BrowserContext, Page } from "playwright-core";
import { MINUTE } from "@/lib/clock";
import { db } from "@/lib/db";
import { accounts, customers, passkeys, sessions } from "@/lib/db/schema";
import { withBrowser } from "../e2e/support/browser";
import { postForm } from "../e2e/support/form-post";
import { resetLinkFor, signIn, words } from "../e2e/support/guide";
import { startIdentityProvider, type TestIdentityProvider } from "../e2e/support/identity-provider";
import { freePort, startPortal, type Portal } from "../e2e/support/portal-server";
import { signedInCookie } from "./support/attacker";

/**
 * Attack (issue 22, S48, S49): taking over an account through the ways in that recovery used to
 * leave behind, against the production build on PostgreSQL with the project's test OpenID
 * provider (oidc-provider on 127.0.0.1) and Chromium's virtual authenticator.
 *
 * 1. A stolen session cookie made to look 30 minutes old tries "Connect" to a provider where the
 *    thief has an account, to turn itself into a fresh sign-in and then turn codes by email off.
 * 2. A thief with only the password adds a passkey and asks to move the address; the owner presses
 *    "This wasn't me" and later resets the password; the thief's passkey must open nothing. The
 *    variant: the thief signs in with the new passkey before asking, so the asking session signed
 *    in after the passkey was added (its trust start is still the password sign-in's).
 */
const owner = { username: "stolen", email: "stolen@example.test", name: "Stolen Cookie", password: "stolen cookie lantern ridge" };
const connector = { username: "connector", email: "connector@example.test", name: "Fresh Connector", password: "fresh connector lantern ridge" };
const victim = { username: "victim", email: "victim@example.test", name: "Passkey Victim", password: "passkey victim lantern ridge" };
const laterVictim = { username: "victim2", email: "victim2@example.test", name: "Passkey Victim Two", password: "second passkey victim lantern" };
const t = words("en");
const ENGLISH = { "accept-language": "en" };

let idp: TestIdentityProvider;
let portal: Portal;
beforeAll(async () => {
  const port = await freePort();
  idp = await startIdentityProvider(await freePort(), `http://localhost:${port}/api/auth/callback/test-idp`);
  portal = await startPortal(
    [owner, connector, victim, laterVictim],
    { OIDC_PROVIDERS: JSON.stringify([{ id: "test-idp", name: "Test IdP", issuer: idp.issuer, clientId: "portal", clientSecret: "portal-test-secret" }]) },
    {
      port,
      // Codes by email on, as the Power Pages import leaves a customer whose old record had two-factor on.
      seed: async () => (await db()).update(customers).set({ mfaEmailCodeRequired: true }).where(eq(customers.username, owner.username)),
    },
  );
});
afterAll(async () => {
  await portal?.stop();
  await idp?.stop();
});

/** The session cookie's name and sealed claims, as the server seals them (its AUTH_SECRET; the salt is the cookie's name). */
function splitCookie(cookie: string): { name: string; value: string } {
  const pair = cookie.split("; ").find((part) => /^(__Host-)?portal\.session=/.test(part));
  if (!pair) throw new Error(`no session cookie in ${cookie}`);
  const at = pair.indexOf("=");
  return { name: pair.slice(0, at), value: pair.slice(at + 1) };
}

type Claims = { sub: string; sid: string; authTime: number; lastSeen: number };

async function claimsOf(name: string, value: string): Promise<Claims> {
  const claims = await decode({ token: value, secret: portal.environment.AUTH_SECRET!, salt: name });
  if (!claims) throw new Error("the session cookie does not open");
  return claims as unknown as Claims;
}

/** What a thief holds: a live session's cookie whose sign-in was 30 minutes ago (last seen just now, so inside the idle limit). */
async function agedCookie(cookie: string): Promise<{ name: string; value: string; claims: Claims }> {
  const { name, value } = splitCookie(cookie);
  const fresh = await claimsOf(name, value);
  const claims = { ...fresh, authTime: fresh.authTime - 30 * MINUTE, lastSeen: Date.now() };
  const aged = await encode({ token: claims as never, secret: portal.environment.AUTH_SECRET!, salt: name, maxAge: 30 * 24 * 60 * 60 });
  return { name, value: aged, claims };
}

/**
 * Posts the form on a page that holds `marker` (the Account page's small forms have no id) the way
 * a browser without JavaScript does: its hidden fields, the server action's among them.
 */
async function postFormHolding(path: string, marker: string, cookie: string) {
  const html = await (await fetch(`${portal.baseUrl}${path}`, { headers: { cookie, ...ENGLISH } })).text();
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map(([, body]) => body).find((body) => body.includes(marker));
  if (!form) throw new Error(`no form holding ${marker} on ${path}`);
  const body = new FormData();
  for (const [, attributes] of form.matchAll(/<input type="hidden"([^>]*)>/g)) {
    body.append(/name="([^"]*)"/.exec(attributes)![1], /value="([^"]*)"/.exec(attributes)?.[1] ?? "");
  }
  const response = await fetch(`${portal.baseUrl}${path}`, { method: "POST", body, redirect: "manual", headers: { origin: portal.baseUrl, cookie, ...ENGLISH } });
  return { status: response.status, location: response.headers.get("location"), setCookies: response.headers.getSetCookie() };
}

async function liveSessionIds(username: string): Promise<string[]> {
  const rows = await (await db())
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(customers, eq(customers.id, sessions.customerId))
    .where(and(eq(customers.username, username), isNull(sessions.endedAt)));
  return rows.map((row) => row.id).sort();
}

async function providersOf(username: string): Promise<string[]> {
  const rows = await (await db()).select({ provider: accounts.provider }).from(accounts).innerJoin(customers, eq(customers.id, accounts.userId)).where(eq(customers.username, username));
  return rows.map((row) => row.provider);
}

/** The session cookie the browser holds now, opened; null when it holds none. */
async function browserSession(browser: BrowserContext): Promise<Claims | null> {
  const cookie = (await browser.cookies()).find((c) => /^(__Host-)?portal\.session$/.test(c.name) && c.value);
  return cookie ? claimsOf(cookie.name, cookie.value) : null;
}

/** Through the provider's own login and consent pages (it may remember its own session and ask for consent only, or nothing). */
async function throughProvider(page: Page, login: string, arrived: () => Promise<unknown>) {
  const prompt = page.getByPlaceholder("Enter any login");
  const done = arrived();
  await Promise.race([done, prompt.waitFor()]);
  if (await prompt.isVisible()) {
    await prompt.fill(login);
    await page.getByPlaceholder("and password").fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
  }
  await done;
}

describe("attack: a stolen session turned into a fresh sign-in through Connect (issue 22, What broke 1)", () => {
  it("a session cookie made to look 30 minutes old is refused at Connect's start and on the provider's return; no session or sign-in time is minted, and turning off codes by email is still refused", async () => {
    const stolen = await agedCookie(await signedInCookie(portal.baseUrl, owner.username, owner.password, { receiver: portal.receiver, email: owner.email }));
    const stolenHeader = `${stolen.name}=${stolen.value}`;
    const before = await liveSessionIds(owner.username);
    expect(before).toEqual([stolen.claims.sid]);

    // At the start: the Connect form posted with the stolen cookie is sent to sign in again.
    const connect = await postFormHolding("/account", 'name="provider" value="test-idp"', stolenHeader);
    expect(connect.status).toBe(303);
    expect(connect.location).toMatch(/^\/signin\?again=account/);
    expect(connect.setCookies.some((c) => /portal\.session=[^;]/.test(c))).toBe(false);

    await withBrowser({}, async (page, browser) => {
      // A Secure cookie is set through an https address; Chromium sends it to http://localhost too (a secure context).
      const secure = stolen.name.startsWith("__Host-");
      await browser.addCookies([{ name: stolen.name, value: stolen.value, url: secure ? portal.baseUrl.replace(/^http:/, "https:") : portal.baseUrl, httpOnly: true, secure, sameSite: "Lax" }]);
      await page.goto(`${portal.baseUrl}/account`);
      await page.getByRole("button", { name: "Connect Test IdP" }).click();
      await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("again") === "account");
      expect(await page.getByPlaceholder("Enter any login").count()).toBe(0);

      // On the return: from the "Sign in again" page it was sent to, still holding the stolen
      // cookie, the thief presses the provider's button there, and the provider sends the browser
      // back with the thief's own identity. The callback refuses it (a signed-in browser is then
      // sent on from "Sign in", so the refusal is read from where the callback sent it).
      const callbacks: string[] = [];
      page.on("response", (response) => {
        if (new URL(response.url()).pathname === "/api/auth/callback/test-idp") callbacks.push(response.headers().location ?? "");
      });
      await page.getByRole("button", { name: "Test IdP" }).click();
      await page.waitForURL((url) => url.origin === idp.issuer);
      await throughProvider(page, "thief", () => page.waitForURL((url) => url.origin === portal.baseUrl && !url.pathname.startsWith("/api/auth")));
      expect(callbacks).toHaveLength(1);
      expect(new URL(callbacks[0], portal.baseUrl).pathname + new URL(callbacks[0], portal.baseUrl).search).toBe("/signin?error=reauthenticate");

      // Nothing was minted: the same one session, the browser's cookie (if any) names it with its old sign-in time.
      expect(await liveSessionIds(owner.username)).toEqual(before);
      expect(await providersOf(owner.username)).toEqual([]);
      const held = await browserSession(browser);
      if (held) expect({ sid: held.sid, authTime: held.authTime }).toEqual({ sid: stolen.claims.sid, authTime: stolen.claims.authTime });

      // "Turn off codes by email" still refuses the stolen session.
      await page.goto(`${portal.baseUrl}/account`);
      if (held) {
        await page.getByRole("button", { name: "Turn off codes by email" }).click();
        await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("again") === "two-step");
      }
    });
    // And over HTTP with the stolen cookie itself, whatever the browser was left holding.
    const turnOff = await postFormHolding("/account", 'name="method" value="email_code"', stolenHeader);
    expect(turnOff.status).toBe(303);
    expect(turnOff.location).toMatch(/^\/signin\?again=two-step/);
    const [row] = await (await db()).select({ on: customers.mfaEmailCodeRequired }).from(customers).where(eq(customers.username, owner.username));
    expect(row.on).toBe(true);
    expect(await liveSessionIds(owner.username)).toEqual(before);
  });

  it("Connect from a fresh, live session keeps that session: the same session id and the same sign-in time", async () => {
    await withBrowser({}, async (page, browser) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, connector.username, connector.password);
      await page.getByText("Test IdP: not connected").waitFor();
      const before = await browserSession(browser);
      expect(before).not.toBeNull();
      expect(await liveSessionIds(connector.username)).toEqual([before!.sid]);

      await page.getByRole("button", { name: "Connect Test IdP" }).click();
      await throughProvider(page, "connector-elsewhere", () => page.getByText("Test IdP: connected").waitFor());

      const after = await browserSession(browser);
      expect({ sid: after?.sid, authTime: after?.authTime }).toEqual({ sid: before!.sid, authTime: before!.authTime });
      expect(await liveSessionIds(connector.username)).toEqual([before!.sid]);
      expect(await providersOf(connector.username)).toEqual(["test-idp"]);
      // Written by the portal's linkAccount (S49), with the time it was connected, for a recovery to
      // find, and with the connecting session's trust start: the session reached the write's check.
      const [row] = await (await db()).select({ linkedAt: accounts.linkedAt, trustStart: accounts.trustStart }).from(accounts).innerJoin(customers, eq(customers.id, accounts.userId)).where(eq(customers.username, connector.username));
      expect(row.linkedAt).toBeInstanceOf(Date);
      expect(row.trustStart).toBeInstanceOf(Date);
    });
  });
});

describe("attack: a thief's passkey outliving \"This wasn't me\" and a password reset (issue 22, What broke 2)", () => {
  /** "Sign in with a passkey" with the button (the browser offers no autofill); true when it opened the account. */
  async function passkeySignIn(page: Page, browser: BrowserContext): Promise<boolean> {
    await browser.clearCookies();
    await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
    await page.getByRole("heading", { name: t("signIn.localHeading") }).waitFor();
    await page.getByRole("button", { name: t("twoStep.passkey.signIn") }).click();
    const account = page.getByRole("heading", { name: "Account", exact: true });
    const failed = page.getByText(t("twoStep.passkey.failed"));
    await Promise.race([account.waitFor(), failed.waitFor()]);
    return account.isVisible();
  }

  /** The attack on `person`; with `fromPasskeySession`, the thief signs in with the new passkey before asking. */
  async function passkeyAttack(person: typeof victim, fromPasskeySession: boolean) {
    await withBrowser({}, async (page, browser) => {
      const cdp = await browser.newCDPSession(page);
      await cdp.send("WebAuthn.enable");
      await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      await page.addInitScript(() => {
        PublicKeyCredential.isConditionalMediationAvailable = async () => false;
      });

      // The thief signs in with the password alone and adds a passkey on their own device.
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, person.username, person.password);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();
      await page.getByLabel(t("twoStep.account.passkeys.newNameLabel")).fill("Thief's phone");
      await page.getByRole("button", { name: t("twoStep.account.passkeys.add") }).click();
      await page.getByText(t("twoStep.account.done.passkey_added")).waitFor();
      // The variant: a new session, signed in with the passkey just added, after it was added.
      if (fromPasskeySession) expect(await passkeySignIn(page, browser)).toBe(true);

      // Then, from that session, asks to move the address to their own.
      const before = portal.receiver.messages.length;
      await page.goto(`${portal.baseUrl}/account/email`);
      await page.getByLabel(t("emailChange.newEmail")).fill(`thief.${person.username}@elsewhere.example.test`);
      const password = page.getByLabel(t("emailChange.currentPassword"));
      if (await password.count()) await password.fill(person.password);
      await page.getByRole("button", { name: t("emailChange.submit") }).click();
      await page.getByText("We have sent a confirmation link").waitFor();
      // The passkey works: that is what the thief means to keep.
      expect(await passkeySignIn(page, browser)).toBe(true);

      // The owner presses "This wasn't me" in the notice at the current address.
      const notice = await portal.receiver.waitFor((m) => m.envelopeTo.includes(person.email) && portal.receiver.messages.indexOf(m) >= before && /\/email-change\/not-me\//.test(m.text ?? ""));
      const undo = /https?:\/\/\S+\/email-change\/not-me\/[A-Za-z0-9_-]+/.exec(notice.text!)![0];
      await withBrowser({}, async (ownersPage) => {
        await ownersPage.goto(undo);
        await ownersPage.getByRole("button", { name: t("emailChange.notMeButton") }).click();
        await ownersPage.getByText(t("emailChange.notMeDone")).waitFor();
      });
      expect(await passkeySignIn(page, browser)).toBe(false);
      expect(await liveSessionIds(person.username)).toEqual([]);

      // The owner resets the password; the thief's passkey still opens nothing.
      const beforeReset = portal.receiver.messages.length;
      expect((await postForm(portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", person.email]], { headers: ENGLISH })).status).toBe(303);
      await withBrowser({}, async (ownersPage) => {
        await ownersPage.goto(await resetLinkFor(portal.receiver, person.email, beforeReset));
        await ownersPage.getByLabel(t("resetPassword.newPassword"), { exact: true }).fill("owner takes it back lantern");
        await ownersPage.getByLabel(t("resetPassword.confirmPassword"), { exact: true }).fill("owner takes it back lantern");
        await ownersPage.getByRole("button", { name: t("resetPassword.submit") }).click();
        await ownersPage.getByText(t("resetPassword.done")).first().waitFor();
      });
      expect(await passkeySignIn(page, browser)).toBe(false);
      const [victimRow] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.username, person.username));
      expect(await (await db()).select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.customerId, victimRow.id))).toEqual([]);
      expect(await liveSessionIds(person.username)).toEqual([]);
    });
  }

  it("a thief with only the password adds a passkey and asks to move the address; after the owner's \"This wasn't me\", and after the owner's reset, \"Sign in with a passkey\" fails", async () => {
    await passkeyAttack(victim, false);
  });

  it("the same, when the thief signs in with the new passkey before asking: \"This wasn't me\" still removes it, and after the reset it fails", async () => {
    await passkeyAttack(laterVictim, true);
  });
});
