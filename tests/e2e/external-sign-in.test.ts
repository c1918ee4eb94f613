import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, signIn } from "./support/guide";
import { startIdentityProvider, type TestIdentityProvider } from "./support/identity-provider";
import { freePort, startPortal, type Portal } from "./support/portal-server";

/**
 * "Sign in with an external account" against a real OpenID Connect provider (oidc-provider) on
 * 127.0.0.1. The provider's development login takes any login; its email is <login>@idp.example.test.
 */
const local = { username: "localfirst", email: "linked@idp.example.test", name: "Local First", password: "local first lantern ridge" };

async function startWith(settings: Record<string, string>) {
  const port = await freePort();
  const idpPort = await freePort();
  const idp = await startIdentityProvider(idpPort, `http://localhost:${port}/api/auth/callback/test-idp`);
  const portal = await startPortal(
    [local],
    {
      OIDC_PROVIDERS: JSON.stringify([{ id: "test-idp", name: "Test IdP", issuer: idp.issuer, clientId: "portal", clientSecret: "portal-test-secret" }]),
      ...settings,
    },
    { port },
  );
  return { idp, portal };
}

/** Through the provider's own login and consent pages. */
async function loginAtProvider(page: Page, login: string) {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

describe("Sign in with an external account (registration on, linking by email off)", () => {
  let idp: TestIdentityProvider;
  let portal: Portal;
  beforeAll(async () => {
    ({ idp, portal } = await startWith({ EXTERNAL_REGISTRATION: "1" }));
  });
  afterAll(async () => {
    await portal?.stop();
    await idp?.stop();
  });

  it("signs in a new customer, signs out, and signs back in to the same customer", async () => {
    await withBrowser({}, async (page, browser) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("heading", { name: "Sign in with an external account" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Test IdP" }).click();
      await loginAtProvider(page, "newcomer");
      await page.getByRole("heading", { name: "Welcome, IdP newcomer" }).waitFor();
      const session = (await browser.cookies()).find((cookie) => cookie.name === "__Host-portal.session");
      expect(session?.expires).toBe(-1);

      await page.getByRole("banner").getByText("IdP newcomer").click();
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Test IdP" }).click();
      // The provider remembers its own session; it may ask only for consent, or nothing.
      const again = page.getByRole("heading", { name: "Welcome, IdP newcomer" });
      const prompt = page.getByPlaceholder("Enter any login");
      await Promise.race([again.waitFor(), prompt.waitFor()]);
      if (await prompt.isVisible()) await loginAtProvider(page, "newcomer");
      await again.waitFor();

      await page.goto(`${portal.baseUrl}/account`);
      await page.getByText("Test IdP: connected").waitFor();
      // The last way to sign in cannot be disconnected.
      await page.getByRole("button", { name: "Disconnect Test IdP" }).click();
      await page.getByRole("alert").filter({ hasText: "This is your only way to sign in." }).waitFor();
      await page.getByRole("button", { name: "Set a password" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("refuses to link by email while the setting is off, with a plain message", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("button", { name: "Test IdP" }).click();
      await loginAtProvider(page, "linked");
      await page.getByRole("alert").filter({ hasText: "That external account is not connected to an account here." }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/signin");
    });
  });

  it("connects the provider from /account to a local customer, who then signs in either way", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, local.username, local.password);
      await page.getByText("Test IdP: not connected").waitFor();
      await page.getByRole("button", { name: "Connect Test IdP" }).click();
      const prompt = page.getByPlaceholder("Enter any login");
      const connected = page.getByText("Test IdP: connected");
      await Promise.race([connected.waitFor(), prompt.waitFor()]);
      if (await prompt.isVisible()) await loginAtProvider(page, "linked");
      await connected.waitFor();

      await withBrowser({}, async (second) => {
        await second.goto(`${portal.baseUrl}/signin`);
        await second.getByRole("button", { name: "Test IdP" }).click();
        await loginAtProvider(second, "linked");
        await second.getByRole("heading", { name: "Welcome, Local First" }).waitFor();
      });
      // With a password as well, disconnecting is allowed.
      await page.getByRole("button", { name: "Disconnect Test IdP" }).click();
      await page.getByText("Test IdP: not connected").waitFor();
    });
  });
});

describe("Sign in with an external account (registration off)", () => {
  let idp: TestIdentityProvider;
  let portal: Portal;
  beforeAll(async () => {
    ({ idp, portal } = await startWith({}));
  });
  afterAll(async () => {
    await portal?.stop();
    await idp?.stop();
  });

  it("refuses an unknown external identity with a plain message", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("button", { name: "Test IdP" }).click();
      await loginAtProvider(page, "stranger");
      await page.getByRole("alert").filter({ hasText: "That external account is not connected to an account here." }).waitFor();
    });
  });

  it("brings the customer back with a plain message when they cancel at the provider", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("button", { name: "Test IdP" }).click();
      await page.getByRole("link", { name: "[ Cancel ]" }).click();
      await page.getByRole("alert").filter({ hasText: "Signing in did not work. Please try again." }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/signin");
      expect(await page.getByRole("main").innerText()).not.toMatch(/access_denied|OAuthCallbackError|error_description|stack/i);
    });
  });

  it("says so plainly when the provider is down", async () => {
    await idp.stop();
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByRole("button", { name: "Test IdP" }).click();
      const alert = page.getByRole("main").getByRole("alert");
      await alert.waitFor();
      expect(new URL(page.url()).pathname).toBe("/signin");
      expect(await alert.innerText()).toMatch(/^(Signing in did not work\. Please try again\.|The external sign-in service is not answering\..*)$/);
      expect(await page.getByRole("main").innerText()).not.toMatch(/ECONNREFUSED|fetch failed|stack/i);
    });
  });
});
