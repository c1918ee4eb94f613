import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";
import { withBrowser } from "./support/browser";
import { axeViolations, signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 17 in a browser: what only a browser shows — the screens, without JavaScript too, and axe
 * on each. The rules themselves are in tests/integration/two-step.test.ts. One portal for the file.
 */
const emailCoder = { username: "emma", email: "emma@example.test", name: "Emma Coder", password: "emma lantern orchard ridge" };
const appUser = { username: "otto", email: "otto@example.test", name: "Otto App", password: "otto lantern orchard ridge" };
const passkeyUser = { username: "pia", email: "pia@example.test", name: "Pia Passkey", password: "pia lantern orchard ridge" };
const t = words("en");

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([emailCoder, appUser, passkeyUser], {}, {
    // As the Power Pages import leaves a customer whose old record had two-factor on.
    seed: async () => (await db()).update(customers).set({ mfaEmailCodeRequired: true }).where(eq(customers.username, emailCoder.username)),
  });
});
afterAll(async () => {
  await portal?.stop();
});

async function codeMailedTo(email: string, after: number): Promise<string> {
  const mail = await portal.receiver.waitFor((m) => m.envelopeTo.includes(email) && portal.receiver.messages.indexOf(m) >= after && /code$/.test(m.subject ?? ""));
  return mail.text!.match(/\b(\d{6})\b/)![1];
}

async function passwordStep(page: Page, person: { username: string; password: string }) {
  await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
  await signIn(page, person.username, person.password);
  await page.getByRole("heading", { name: t("twoStep.title"), level: 1 }).waitFor();
}

async function verify(page: Page, label: string, code: string) {
  await page.getByLabel(label, { exact: true }).fill(code);
  await page.getByRole("button", { name: t("twoStep.verify") }).click();
  await page.getByRole("heading", { name: "Account", exact: true }).waitFor();
}

function totpCode(secret: string, stepsFromNow = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + stepsFromNow * 30_000 });
}

describe("two-step verification in a browser", () => {
  it.each([true, false])("signs in with a code by email (JavaScript %s)", async (javaScriptEnabled) => {
    await withBrowser({ javaScriptEnabled }, async (page) => {
      const before = portal.receiver.messages.length;
      await passwordStep(page, emailCoder);
      expect(new URL(page.url()).pathname).toBe("/signin/two-step");
      await page.getByText("e•••@example.test").first().waitFor();
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
      await verify(page, t("twoStep.codeLabel"), await codeMailedTo(emailCoder.email, before));
      if (javaScriptEnabled) {
        // The page a staff page sends a session that did not pass the second step to (any signed-in
        // visitor may open it; it only offers the step again).
        await page.goto(`${portal.baseUrl}/signin/two-step/staff?callbackUrl=/staff`);
        await page.getByRole("heading", { name: t("twoStep.staffTitle"), level: 1 }).waitFor();
        expect(await axeViolations(page)).toEqual([]);
      }
    });
  });

  it("sets up an authenticator app without JavaScript, then signs in with its code and with a recovery code", async () => {
    let secret = "";
    let recoveryCodes: string[] = [];
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, appUser.username, appUser.password);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();
      await page.getByRole("button", { name: t("twoStep.account.app.setUp") }).click();
      await page.getByRole("heading", { name: t("twoStep.setUpApp.title") }).waitFor();
      secret = (await page.locator("p[translate=no]").innerText()).replace(/\s/g, "");
      await page.getByLabel(t("twoStep.codeLabel"), { exact: true }).fill(totpCode(secret));
      await page.getByRole("button", { name: t("twoStep.setUpApp.confirm") }).click();
      await page.getByRole("heading", { name: t("twoStep.recoveryCodes.yours") }).waitFor();
      recoveryCodes = await page.getByRole("list", { name: t("twoStep.recoveryCodes.listLabel") }).getByRole("listitem").allInnerTexts();
      expect(recoveryCodes).toHaveLength(10);
    });

    // The set-up used this step's code: the next step's is inside the ±1 window.
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await passwordStep(page, appUser);
      await verify(page, t("twoStep.codeLabel"), totpCode(secret, 1));
    });
    await withBrowser({}, async (page) => {
      await passwordStep(page, appUser);
      await page.getByRole("link", { name: t("twoStep.useMethod.recovery_code") }).click();
      await page.getByLabel(t("twoStep.recoveryCodeLabel"), { exact: true }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await verify(page, t("twoStep.recoveryCodeLabel"), recoveryCodes[0]);
      expect(await axeViolations(page)).toEqual([]);
      // "Make new recovery codes" and its page of codes, with JavaScript.
      await page.getByRole("link", { name: t("twoStep.account.recovery.renew") }).or(page.getByRole("button", { name: t("twoStep.account.recovery.renew") })).first().click();
      await page.getByRole("heading", { name: t("twoStep.recoveryCodes.title"), level: 1 }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("adds a passkey on the Account page and signs in with it alone (Chromium's virtual authenticator)", async () => {
    await withBrowser({}, async (page, browser) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("WebAuthn.enable");
      await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      const before = portal.receiver.messages.length;
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, passkeyUser.username, passkeyUser.password);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();
      await page.getByLabel(t("twoStep.account.passkeys.newNameLabel")).fill("Test laptop");
      await page.getByRole("button", { name: t("twoStep.account.passkeys.add") }).click();
      await page.getByText(t("twoStep.account.done.passkey_added")).waitFor();
      await page.getByLabel(t("twoStep.account.passkeys.nameLabel")).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await portal.receiver.waitFor((m) => m.envelopeTo.includes(passkeyUser.email) && portal.receiver.messages.indexOf(m) >= before && /passkey was added/.test(m.subject ?? ""));

      // Conditional UI: the page asks for a passkey as it loads, and Chromium's virtual authenticator
      // (presence simulated) answers at once.
      await browser.clearCookies();
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();

      // The button, where the browser offers no passkey autofill.
      await browser.clearCookies();
      await page.addInitScript(() => {
        PublicKeyCredential.isConditionalMediationAvailable = async () => false;
      });
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await page.getByRole("heading", { name: t("signIn.localHeading") }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: t("twoStep.passkey.signIn") }).click();
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();

      // The set-up screens of the other methods, with JavaScript, for axe.
      await page.getByRole("button", { name: t("twoStep.account.app.setUp") }).click();
      await page.getByRole("heading", { name: t("twoStep.setUpApp.title") }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${portal.baseUrl}/account`);
      await page.getByRole("button", { name: t("twoStep.account.email.turnOn") }).click();
      await page.getByRole("heading", { name: t("twoStep.setUpEmail.title") }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // Removing the passkey: said on the page, audited and mailed.
      const beforeRemoval = portal.receiver.messages.length;
      await page.goto(`${portal.baseUrl}/account`);
      await page.getByRole("button", { name: "Remove Test laptop" }).click();
      await page.getByText(t("twoStep.account.done.passkey_removed")).waitFor();
      expect(await page.getByText(t("twoStep.account.passkeys.none")).count()).toBe(1);
      await portal.receiver.waitFor((m) => m.envelopeTo.includes(passkeyUser.email) && portal.receiver.messages.indexOf(m) >= beforeRemoval && /passkey was removed/.test(m.subject ?? ""));
    });
  });
});
