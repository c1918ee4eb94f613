import type { Page } from "playwright-core";
import { createAccount } from "@/lib/auth/accounts";
import { openDatabase, setPortalDatabase, type DatabaseHandle } from "@/lib/db";
import { withBrowser } from "../e2e/support/browser";
import { hiddenFields } from "../e2e/support/form-post";
import { axeViolations, axeViolationsWithoutJavaScript, signIn, words } from "../e2e/support/guide";
import { startServer, type PortalInstance } from "../e2e/support/portal-server";
import { SmtpReceiver } from "../support/smtp-receiver";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../support/throwaway-postgres";
import { INTERNALS } from "./support/attacker";

/**
 * Fault (issue 23, issue 26): the production server's PostgreSQL is stopped — a cluster of the
 * test's own on its own loopback port, so nobody else's database is touched. Every page and server
 * action answers the portal's own 503 page quickly, with Retry-After, in the visitor's language,
 * with JavaScript on and off, and never the framework's 500 or a stack; when the database is back,
 * so are the pages. The portal's other error pages (404, a failed action) are its own as well.
 */
const customer = { username: "outage", email: "outage@example.test", name: "Outage Reader", password: "outage reader lantern ridge" };
const LANGUAGES = [
  { locale: "en", acceptLanguage: "en-US,en;q=0.9", browser: "en-US" },
  { locale: "es", acceptLanguage: "es-ES,es;q=0.9", browser: "es-ES" },
];

let cluster: ThrowawayPostgres;
let seeding: DatabaseHandle | undefined;
let receiver: SmtpReceiver;
let server: PortalInstance;
let signInFields: Array<[string, string]> = [];

beforeAll(async () => {
  cluster = await startThrowawayPostgres();
  seeding = await openDatabase({ kind: "postgres", url: cluster.url });
  setPortalDatabase(seeding);
  await createAccount({ ...customer, emailConfirmed: true });
  await seeding.close();
  seeding = undefined;
  receiver = await new SmtpReceiver().start();
  server = await startServer({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "outage-secret-outage-secret-outage-secret-0123456789",
    MFA_ENCRYPTION_KEY: "ZTJlLXR3by1zdGVwLWtleS0zMi1ieXRlcy1sb25nISE=",
    SMTP_URL: receiver.url,
    SUPPORT_EMAIL: "support@example.test",
    DATABASE_URL: cluster.url,
    OUTBOX_POLL_SECONDS: "1",
  });
  // The sign-in form's hidden fields (its server action), read while the database answers.
  signInFields = await hiddenFields(server.baseUrl, "/signin", "signin-form");
}, 90_000);

afterAll(async () => {
  try {
    await server?.stop();
    await receiver?.stop();
    await seeding?.close();
  } finally {
    await cluster?.destroy();
  }
}, 60_000);

async function timedGet(path: string, acceptLanguage: string) {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { "accept-language": acceptLanguage }, redirect: "manual" });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

function postSignIn(headers: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of signInFields) body.append(name, value);
  body.append("username", customer.username);
  body.append("password", customer.password);
  return fetch(`${server.baseUrl}/signin`, { method: "POST", body, redirect: "manual", headers: { origin: server.baseUrl, ...headers } });
}

/** After the cluster starts again: the pages answer once more (the server asks the database at most once a second). */
async function pagesAnswerAgain(): Promise<number> {
  const deadline = Date.now() + 10_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await fetch(`${server.baseUrl}/signin`)).status;
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return status;
}

async function expectUnavailablePage(page: Page, locale: string) {
  const t = words(locale);
  await page.getByRole("heading", { level: 1, name: t("unavailable.title") }).waitFor();
  expect(await page.locator("html").getAttribute("lang")).toBe(locale);
  expect(await page.locator("body").innerText()).toContain(t("unavailable.text"));
  expect(await page.content()).not.toMatch(INTERNALS);
}

describe("the portal's own error pages, database up", () => {
  it.each(LANGUAGES.flatMap((language) => [true, false].map((javaScriptEnabled) => ({ ...language, javaScriptEnabled }))))(
    "a page that does not exist: 404 with the portal's page, in $locale (JavaScript $javaScriptEnabled)",
    async ({ locale, browser, javaScriptEnabled }) => {
      await withBrowser({ locale: browser, javaScriptEnabled }, async (page) => {
        const response = await page.goto(`${server.baseUrl}/no-such-page/here`);
        expect(response?.status()).toBe(404);
        await page.getByRole("heading", { level: 1, name: words(locale)("notFound.heading") }).waitFor();
        expect(await page.locator("html").getAttribute("lang")).toBe(locale);
        expect(javaScriptEnabled ? await axeViolations(page) : await axeViolationsWithoutJavaScript(page)).toEqual([]);
      });
    },
  );
});

describe("fault: the database is stopped (issue 23)", () => {
  it.each(LANGUAGES)("a sign-in pressed with JavaScript as the database goes away shows the portal's own page, in $locale", async ({ locale, browser }) => {
    await withBrowser({ locale: browser }, async (page) => {
      await page.goto(`${server.baseUrl}/signin`);
      await page.getByRole("button", { name: words(locale)("signIn.submit"), exact: true }).waitFor();
      await cluster.stop();
      try {
        await signIn(page, customer.username, customer.password, { locale });
        const t = words(locale);
        // The action's answer is the 503 page: the browser shows the portal's error page (or, after a
        // full load, the 503 page itself) — never the framework's English "This page couldn't load".
        const ours = page.getByRole("heading", { level: 1, name: t("errorPage.title") }).or(page.getByRole("heading", { level: 1, name: t("unavailable.title") }));
        await ours.waitFor();
        const text = await page.locator("body").innerText();
        expect(text).not.toMatch(/This page couldn.t load|Application error|Internal Server Error/);
        expect(await page.content()).not.toMatch(INTERNALS);
        expect(await axeViolations(page)).toEqual([]);
        console.info(`[outage] a sign-in pressed as the database went away (${locale}) showed: ${await ours.first().innerText()}`);
      } finally {
        await cluster.start();
      }
      expect(await pagesAnswerAgain()).toBe(200);
    });
  });

  describe("while it is down", () => {
    // The log from here on: what the requests of this block cause.
    let logFrom = 0;
    beforeAll(async () => {
      await cluster.stop();
      // A request in the second after the database went away may still pass the proxy's check
      // (its answer is kept a second, lib/db/reachable.ts) and fail in the page: it gets the
      // portal's own error page, and tells the proxy, so every later request gets the 503 page.
      // That first request is made here, so the tests below do not depend on when they run.
      const first = await timedGet("/", "en");
      expect([500, 503]).toContain(first.status);
      expect(first.body).not.toMatch(INTERNALS);
      logFrom = server.log().length;
    }, 60_000);
    afterAll(async () => {
      await cluster.start();
    }, 60_000);

    it.each(LANGUAGES)("pages answer 503 with Retry-After and the portal's page in $locale, within 2 s, with nothing of the server's inside", async ({ locale, acceptLanguage }) => {
      const t = words(locale);
      for (const path of ["/", "/signin", "/knowledge-base", "/account", "/no-such-page"]) {
        const answer = await timedGet(path, acceptLanguage);
        expect({ path, status: answer.status }).toEqual({ path, status: 503 });
        expect(answer.headers.get("retry-after")).toBe("60");
        expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
        expect(answer.headers.get("content-language")).toBe(locale);
        // The portal's security headers, as on every page (next.config's and the CSP).
        expect([answer.headers.get("x-frame-options"), answer.headers.get("x-content-type-options")]).toEqual(["DENY", "nosniff"]);
        expect(answer.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(answer.body).toContain(t("unavailable.text"));
        expect(answer.body).not.toMatch(INTERNALS);
        expect(answer.ms).toBeLessThan(2_000);
      }
    });

    it("server-action posts, with and without JavaScript, answer the 503 page, not a 500 with a stack", async () => {
      const withoutJavaScript = await postSignIn();
      expect(withoutJavaScript.status).toBe(503);
      expect(withoutJavaScript.headers.get("retry-after")).toBe("60");
      expect(await withoutJavaScript.text()).not.toMatch(INTERNALS);
      const actionId = signInFields.find(([name]) => name.startsWith("$ACTION_ID_"))?.[0].slice("$ACTION_ID_".length);
      const withJavaScript = await postSignIn({ "next-action": actionId ?? "", accept: "text/x-component" });
      expect(withJavaScript.status).toBe(503);
      expect(await withJavaScript.text()).not.toMatch(INTERNALS);
      expect(server.log().slice(logFrom)).not.toMatch(/ECONNREFUSED[\s\S]*\n\s+at /);
    });

    it.each(LANGUAGES.flatMap((language) => [true, false].map((javaScriptEnabled) => ({ ...language, javaScriptEnabled }))))(
      "a browser sees the 503 page in $locale (JavaScript $javaScriptEnabled), and axe finds nothing",
      async ({ locale, browser, javaScriptEnabled }) => {
        await withBrowser({ locale: browser, javaScriptEnabled }, async (page) => {
          const response = await page.goto(`${server.baseUrl}/signin`);
          expect(response?.status()).toBe(503);
          await expectUnavailablePage(page, locale);
          expect(javaScriptEnabled ? await axeViolations(page) : await axeViolationsWithoutJavaScript(page)).toEqual([]);
        });
      },
    );
  });

  it("when the database is back, so are the pages, within seconds", async () => {
    expect(await pagesAnswerAgain()).toBe(200);
  });
});
